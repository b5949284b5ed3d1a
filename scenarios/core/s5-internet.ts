import { tcpEcho, UeIpv6Host, withInterfaceId, type TcpEchoOutcome } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { GRANTS_IPV6, ipv6Session } from './session-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * SLAAC then traffic to the internet (TS 29.061 §11.2.1.3; RFC 4862): after the RA the UE pings
 * an IPv6-only host and a dual-stack host, and exchanges UDP and TCP (its own RFC 9293 stack:
 * handshake, data, FIN both ways) with the IPv6-only host's echo service (RFC 862), all through
 * S5/S8-U and the PGW's SGi. The broken-IPv6 host's IPv6 address
 * stays silent: that is the host, not the PGW, and it is reported, not failed.
 */
export default defineScenario({
  id: 'core/s5-internet',
  title: 'SLAAC, then ICMPv6 echo and UDP to internet hosts through the PGW',
  covers: ['MNO-CORE', 'MVNO-L2', 'MNO-INTERNET'],
  tags: ['gtpu', 's5', 'sgi', 'user-plane'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const hosts = ctx.internet();
    const session = await ipv6Session(ctx, sgw, '001010000000031', ctx.apn(ctx.element('pgw'), GRANTS_IPV6).name);
    const ue = new UeIpv6Host(session.bearer, withInterfaceId('::', session.ueAddress), ctx.recorder);
    const ra = await ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    ctx.expect('SLAAC: a global address from the RA', {
      expected: 'a global address',
      observed: ue.global ?? (ra ? 'RA without a usable PIO' : 'no RA'),
      ok: ue.global !== undefined,
      clause: 'RFC 4862 §5.5.3',
      element: 'pgw',
    });
    for (const [name, address] of [
      ['IPv6-only host', hosts.ipv6Only],
      ['dual-stack host', hosts.dualStack.ipv6],
    ] as const) {
      const echo = await ue.ping(address, 0x31, name.length, 2000, ctx.signal);
      ctx.check(`ICMPv6 echo to the ${name} ${address}`, {
        expected: 'echo reply',
        observed: echo ? 'echo reply' : 'no reply',
        ok: echo !== undefined,
        clause: 'TS 29.061 §11.2.1.3, RFC 4443 §4',
        element: 'pgw',
      });
      if (echo) ctx.metric('internet_rtt', echo.rttMs, 'ms');
    }
    const payload = Buffer.from(`v6harness udp ${session.ueAddress}`);
    const udp = await ue.udpRequest(hosts.ipv6Only, hosts.udpEchoPort, payload, 2000, ctx.signal);
    ctx.check(`UDP echo from the IPv6-only host port ${hosts.udpEchoPort}`, {
      expected: payload.toString(),
      observed: udp ? udp.data.toString() : 'no answer',
      clause: 'RFC 862, TS 29.061 §11.2.1.3',
      element: 'pgw',
    });
    const tcpData = Buffer.from(`v6harness tcp ${session.ueAddress}`);
    const tcp = await tcpEcho(ue, hosts.ipv6Only, hosts.udpEchoPort, tcpData, 3000, ctx.signal);
    ctx.check(`TCP echo with the IPv6-only host port ${hosts.udpEchoPort}: connect, data back, close`, {
      expected: `echoed "${tcpData}", closed`,
      observed: describeTcp(tcp),
      clause: 'RFC 9293 §3.5-3.6, RFC 862, TS 29.061 §11.2.1.3',
      element: 'pgw',
    });
    if (tcp.kind === 'echoed') {
      ctx.metric('tcp_connect', tcp.connectMs, 'ms');
      ctx.metric('tcp_echo_rtt', tcp.rttMs, 'ms');
    }
    const broken = await ue.ping(hosts.brokenIpv6.ipv6, 0x32, 1, 500, ctx.signal);
    ctx.log(
      `broken-IPv6 host ${hosts.brokenIpv6.ipv6}: ${broken ? 'answered (its IPv6 is not broken here)' : 'silent, as declared'}`,
    );
    if (session.pgwTeid !== undefined) await sgw.deleteSession(session.pgwTeid, 5, ctx.signal);
  },
});

function describeTcp(o: TcpEchoOutcome): string {
  switch (o.kind) {
    case 'echoed':
      return `echoed "${o.data}"${o.closed ? ', closed' : ', not closed (no FIN-ACK from the host)'}${o.badChecksums ? `, ${o.badChecksums} segments with a bad checksum` : ''}`;
    case 'refused':
      return 'connection refused (RST to the SYN)';
    case 'reset':
      return `reset during ${o.stage}`;
    case 'timeout':
      return o.stage === 'connect'
        ? `no SYN-ACK${o.badChecksums ? ` (${o.badChecksums} segments with a bad checksum)` : ''}`
        : `echo incomplete: "${o.received ?? ''}"`;
  }
}
