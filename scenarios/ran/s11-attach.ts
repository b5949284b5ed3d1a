import { defineScenario } from '../../harness/runner/scenario.ts';
import { findIe, gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { attachFixtures, attachIpv6 } from './attach.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

/**
 * An IPv6 attach end to end (TS 23.401 §5.3.2.1): Create Session over S11 through the SGW to the
 * PGW, Modify Bearer with the eNodeB's S1-U F-TEID, then the UE's Router Solicitation over
 * S1-U → SGW → S5/S8-U is answered with an RA carrying the PAA's /64 (TS 29.061 §11.2.1.3.2a), the
 * UE pings the network through both tunnels, and the PDN connection is deleted (§5.4.4.1).
 */
export default defineScenario({
  id: 'ran/s11-attach',
  title: 'IPv6 attach over S11 and S1-U: RA with the PAA /64, echo through the SGW, detach',
  covers: ['MNO-RAN', 'MNO-CORE'],
  tags: ['gtpv2c', 's11', 's1u', 'user-plane'],
  needs: ['pgw', 'sgw'],
  fixtures: attachFixtures(),
  async run(ctx, fx) {
    const a = await attachIpv6(ctx, fx, '001010000001001');
    const ra = await a.ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    const pio = ra?.ra.options.find((o) => o.type === 'prefix-information');
    ctx.check('RA over S1-U advertises the PAA prefix', {
      expected: `${a.prefix}/64`,
      observed:
        pio && pio.type === 'prefix-information'
          ? `${pio.prefix}/${pio.prefixLength}`
          : ra
            ? 'RA without PIO'
            : 'no RA',
      clause: 'TS 29.061 §11.2.1.3.2a, TS 23.401 §5.3.1.2.2',
      element: 'sgw',
    });
    const echo = await a.ue.ping(a.probe, 1, 1, 2000, ctx.signal);
    ctx.check('echo from the UE global address is answered through S1-U and S5/S8-U', {
      expected: 'echo reply',
      observed: echo
        ? 'echo reply'
        : `no reply (UE address ${a.ue.global !== undefined ? ipv6Text(a.ue.global) : 'none'})`,
      ok: echo !== undefined,
      clause: 'TS 23.401 §4.4.3.3',
      element: 'sgw',
    });
    if (echo) ctx.metric('echo_rtt', echo.rttMs, 'ms');
    const del = await a.mme.deleteSession(a.sgwS11Teid, 5, ctx.signal);
    const res = del.kind === 'response' ? del.message : undefined;
    ctx.check('Delete Session Response cause Request accepted', {
      expected: gtpv2cCause(16),
      observed: res ? gtpv2cCause(findIe(res, 'cause')?.value) : describeOutcome(del),
      clause: 'TS 29.274 §7.2.10',
      element: 'sgw',
    });
  },
});
