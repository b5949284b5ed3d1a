import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { GRANTS_IPV6, ipv6Session } from './session-checks.ts';
import { judgeRouterAdvertisement } from './router-advertisement-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * After an IPv6 Create Session the UE solicits a router over S5/S8-U; the PGW's RA is judged as
 * router-advertisement-checks.ts says (the same for the GGSN on Gn): the session's /64 alone inside
 * the declared pool, A=1, L=0, lifetimes, flags, the MTU option and RDNSS. Then the UE's global
 * address reaches the PGW.
 */
export default defineScenario({
  id: 'core/s5-router-advertisement',
  title: 'S5/S8-U Router Advertisement: one /64, A=1, L=0, MTU, RDNSS; SLAAC then echo',
  covers: ['MNO-CORE', 'MVNO-L2', 'MNO-RAN', 'MNO-TERM'],
  tags: ['gtpv2c', 'gtpu', 's5', 'nd', 'user-plane'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, GRANTS_IPV6);
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
    judgeRouterAdvertisement(ctx, got!, { element: 'pgw', ueAddress: session.ueAddress, apn, source: 'PAA' });
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
  },
});
