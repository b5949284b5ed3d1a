import { icmpv6Echo, tcpEcho, udpEcho } from '../../harness/drivers/ipv6-host/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';
import { nat64Path } from './nat64-path.ts';

/**
 * Stateful or 1:1 NAT64 (RFC 6146, RFC 7915) from an IPv6-only host to the target's IPv4-only
 * host at Pref64::a.b.c.d (RFC 6052 §2.2): UDP echo, TCP echo and ICMPv6 echo (translated to ICMP
 * echo, RFC 7915 §4.2/§5.2) come back from the same synthesized address, the payload unchanged
 * (so the translator's checksum updates were right, RFC 7915 §4.5, §5.4 — the kernel drops a
 * datagram whose checksum is wrong). All the host's traffic is IPv6 (item MEASURE). First the
 * Pref64 the translator uses is found and judged (nat64-path.ts).
 */
export default defineScenario({
  id: 'gateway/nat64-echo',
  title: 'IPv6-only host reaches an IPv4-only host through the NAT64',
  covers: ['MNO-GATEWAY', 'TRANSITION', 'MEASURE'],
  tags: ['nat64', 'rfc6146', 'rfc7915'],
  needs: ['nat64'],
  params: { protocol: ['udp', 'tcp', 'icmp'] },
  async run(ctx) {
    const host = ctx.internet();
    // Which Pref64 translates, in one round: a dead path or another prefix ends the scenario here.
    const { dst } = await nat64Path(ctx);
    const clause = 'RFC 7915 §4.1, §5.1; RFC 6052 §2.2';
    let bytes = 0;
    let ok = false;
    if (ctx.params.protocol === 'udp') {
      const out = await udpEcho(dst, host.udpEchoPort, ctx.recorder, ctx.signal);
      ok = ctx.check(`UDP echo from [${dst}]:${host.udpEchoPort}`, {
        expected: { from: dst, port: host.udpEchoPort, payload: 'unchanged' },
        observed:
          out.kind === 'reply'
            ? { from: ipv6Text(out.from), port: out.fromPort, payload: out.dataEqual ? 'unchanged' : 'changed' }
            : `no reply after ${out.attempts} datagrams`,
        clause,
        element: 'nat64',
      });
      if (out.kind === 'reply') {
        ctx.metric('rtt', out.rttMs, 'ms');
        bytes = 2 * 64;
      }
    } else if (ctx.params.protocol === 'tcp') {
      const out = await tcpEcho(dst, host.udpEchoPort, ctx.signal);
      ok = ctx.check(`TCP echo through [${dst}]:${host.udpEchoPort}`, {
        expected: { connected: true, payload: 'unchanged' },
        observed:
          out.kind === 'echoed'
            ? { connected: true, payload: out.dataEqual ? 'unchanged' : 'changed' }
            : out.kind === 'timeout'
              ? `timed out in ${out.stage} (${out.bytes} octets back)`
              : `${out.kind}: ${out.message}`,
        clause: `${clause}; RFC 6146 §3.5.2`,
        element: 'nat64',
      });
      if (out.kind === 'echoed') {
        ctx.metric('tcp_connect', out.connectMs, 'ms');
        bytes = 2 * out.bytes;
      }
    } else {
      const out = await icmpv6Echo(dst, ctx.recorder, ctx.signal);
      ok = ctx.check(`ICMPv6 echo reply from ${dst}`, {
        expected: { from: dst, data: 'unchanged' },
        observed:
          out.kind === 'reply'
            ? { from: ipv6Text(out.from), data: out.dataEqual ? 'unchanged' : 'changed' }
            : out.kind === 'timeout'
              ? `no reply after ${out.attempts} requests`
              : out.message,
        clause: `${clause}; RFC 7915 §4.2, §5.2 (echo)`,
        element: 'nat64',
      });
      if (out.kind === 'reply') {
        ctx.metric('rtt', out.rttMs, 'ms');
        bytes = 2 * 64;
      }
    }
    // Item MEASURE: the host is IPv6-only, so every byte and every connection that worked was IPv6.
    ctx.metric('ipv6_share_bytes', bytes > 0 ? 100 : 0, '%');
    ctx.metric('ipv6_share_connections', ok ? 100 : 0, '%');
  },
});
