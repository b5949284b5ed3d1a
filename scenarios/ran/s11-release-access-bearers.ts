import { defineScenario } from '../../harness/runner/scenario.ts';
import { findIe, gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { attachFixtures, attachIpv6 } from './attach.ts';

/**
 * S1 release and service request (TS 23.401 §5.3.5, §5.3.4.1): Release Access Bearers removes the
 * eNodeB's S1-U F-TEID at the SGW, so no downlink is sent to the eNodeB while the UE is idle; a
 * Modify Bearer Request with the eNodeB's F-TEID (the service request) restores the downlink.
 */
export default defineScenario({
  id: 'ran/s11-release-access-bearers',
  title: 'S1 release: no downlink to the eNodeB while idle; service request restores it',
  covers: ['MNO-RAN'],
  tags: ['gtpv2c', 's11', 's1u', 'idle-mode'],
  needs: ['pgw', 'sgw'],
  fixtures: attachFixtures(),
  async run(ctx, fx) {
    const a = await attachIpv6(ctx, fx, '001010000001003');
    await a.ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    const rel = await a.mme.releaseAccessBearers(a.sgwS11Teid, ctx.signal);
    const res = rel.kind === 'response' ? rel.message : undefined;
    ctx.expect('Release Access Bearers Response cause Request accepted', {
      expected: gtpv2cCause(16),
      observed: res ? gtpv2cCause(findIe(res, 'cause')?.value) : describeOutcome(rel),
      clause: 'TS 29.274 §7.2.22',
      element: 'sgw',
    });
    const idle = await a.ue.ping(a.probe, 9, 1, 800, ctx.signal);
    ctx.check('no downlink to the released S1-U tunnel', {
      expected: 'no echo reply at the eNodeB',
      observed: idle ? 'echo reply delivered to the eNodeB' : 'no echo reply at the eNodeB',
      ok: idle === undefined,
      clause: 'TS 23.401 §5.3.5 step 5',
      element: 'sgw',
    });
    const mod = await a.mme.modifyBearer(
      a.sgwS11Teid,
      5,
      { teid: a.enbTeid, address: a.enb.gtpu.endpoint.address },
      ctx.signal,
    );
    const modRes = mod.kind === 'response' ? mod.message : undefined;
    ctx.expect('Modify Bearer Response after the service request', {
      expected: gtpv2cCause(16),
      observed: modRes ? gtpv2cCause(findIe(modRes, 'cause')?.value) : describeOutcome(mod),
      clause: 'TS 29.274 §7.2.8',
      element: 'sgw',
    });
    const active = await a.ue.ping(a.probe, 9, 2, 2000, ctx.signal);
    ctx.check('downlink restored after the service request', {
      expected: 'echo reply',
      observed: active ? 'echo reply' : 'no reply',
      ok: active !== undefined,
      clause: 'TS 23.401 §5.3.4.1',
      element: 'sgw',
    });
    await a.mme.deleteSession(a.sgwS11Teid, 5, ctx.signal);
  },
});
