import { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { GRANTS_IPV6, ipv6Session } from './session-checks.ts';

/**
 * After an IPv6 Create Session the UE solicits a router over S5/S8-U; the PGW's RA must carry the
 * session's /64 alone, A=1 and L=0, infinite lifetimes (TS 29.061 §11.2.1.3.4), an MTU that fits
 * inside GTP-U over the transport (RFC 4861 §4.6.4; 1500 − 40 IPv6 − 8 UDP − 8 GTP-U), and the
 * declared DNS servers in RDNSS (RFC 8106). Then the UE's global address reaches the PGW.
 */
const GTPU_OVERHEAD_IPV6 = 40 + 8 + 8;

export default defineScenario({
  id: 'core/s5-router-advertisement',
  title: 'S5/S8-U Router Advertisement: one /64, A=1, L=0, MTU, RDNSS; SLAAC then echo',
  covers: ['MNO-CORE', 'MVNO-L2', 'MNO-RAN', 'MNO-TERM'],
  tags: ['gtpv2c', 'gtpu', 's5', 'nd', 'user-plane'],
  needs: ['pgw'],
  async run(ctx) {
    const pgw = ctx.element('pgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, GRANTS_IPV6);
    const sgw = new SgwS5Driver({ pgw, recorder: ctx.recorder });
    await sgw.open();
    try {
      const session = await ipv6Session(ctx, sgw, '001010000000020', apnName);
      const ue = new UeIpv6Host(session.bearer, withInterfaceId('::', session.ueAddress), ctx.recorder);
      const got = await ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 3 }, ctx.signal);
      ctx.expect('PGW answers the Router Solicitation', {
        expected: 'a Router Advertisement',
        observed: got ? `RA after ${got.solicitations} RS` : 'no RA after 3 RS (RFC 4861 §6.3.7)',
        ok: got !== undefined,
        clause: 'TS 29.061 §11.2.1.3.4',
        element: 'pgw',
      });
      const ra = got!.ra;
      const pios = ra.options.filter((o) => o.type === 'prefix-information');
      ctx.check('exactly one Prefix Information option', {
        expected: 1,
        observed: pios.length,
        clause: 'TS 29.061 §11.2.1.3.4',
        element: 'pgw',
      });
      ctx.checkMatch(
        'PIO: the session /64, A=1, L=0',
        { prefix: withInterfaceId(session.ueAddress, '::'), prefixLength: 64, autonomous: true, onLink: false },
        pios[0],
        { clause: 'TS 29.061 §11.2.1.3.4', element: 'pgw' },
      );
      ctx.checkMatch('PIO lifetimes infinite', { validLifetime: 0xffffffff, preferredLifetime: 0xffffffff }, pios[0], {
        clause: 'TS 29.061 §11.2.1.3.4',
        level: 'SHOULD',
        element: 'pgw',
      });
      ctx.check('M flag clear (no DHCPv6 address assignment)', {
        expected: false,
        observed: ra.managed,
        clause: 'TS 29.061 §11.2.1.3.4',
        element: 'pgw',
      });
      ctx.check('router lifetime non-zero (a default router)', {
        expected: '> 0',
        observed: ra.routerLifetime,
        ok: ra.routerLifetime > 0,
        clause: 'RFC 4861 §4.2',
        element: 'pgw',
      });
      const mtu = ra.options.find((o) => o.type === 'mtu');
      const maxMtu = 1500 - GTPU_OVERHEAD_IPV6;
      ctx.check('MTU option carries the declared link MTU', {
        expected: apn.mtu,
        observed: mtu?.type === 'mtu' ? mtu.mtu : 'no MTU option',
        clause: 'RFC 4861 §4.6.4; operator policy',
        element: 'pgw',
      });
      ctx.check('advertised MTU fits GTP-U over a 1500-octet IPv6 transport', {
        expected: `1280 ≤ MTU ≤ ${maxMtu}`,
        observed: mtu?.type === 'mtu' ? mtu.mtu : 'no MTU option',
        ok: mtu?.type !== 'mtu' || (mtu.mtu >= 1280 && mtu.mtu <= maxMtu),
        clause: 'RFC 4861 §4.6.4, RFC 8200 §5',
        element: 'pgw',
      });
      const rdnss = ra.options.find((o) => o.type === 'rdnss');
      ctx.check('RDNSS carries the declared DNS servers', {
        expected: apn.dnsIpv6,
        observed: rdnss?.type === 'rdnss' ? rdnss.servers : 'no RDNSS option',
        clause: 'RFC 8106 §5.1',
        level: 'SHOULD',
        element: 'pgw',
      });
      ctx.check('RA hop limit 255 from a link-local source', {
        expected: { hopLimit: 255, linkLocal: true },
        observed: { hopLimit: got!.packet.hopLimit, linkLocal: got!.packet.src.startsWith('fe80:') },
        clause: 'RFC 4861 §6.1.2',
        element: 'pgw',
      });
      if (apn.probeIpv6) {
        const echo = await ue.ping(apn.probeIpv6, 0x77, 1, 2000, ctx.signal);
        ctx.check(`ICMPv6 echo from the SLAAC address ${ue.global} to ${apn.probeIpv6}`, {
          expected: 'echo reply',
          observed: echo ? `reply from ${echo.reply.src}` : 'no reply',
          ok: echo !== undefined,
          clause: 'RFC 4862 §5.5.3, RFC 4443 §4.2',
          element: 'pgw',
        });
        if (echo) ctx.metric('ping_rtt', echo.rttMs, 'ms');
      }
      if (session.pgwTeid !== undefined) await sgw.deleteSession(session.pgwTeid, 5, ctx.signal);
    } finally {
      await sgw.close();
    }
  },
});
