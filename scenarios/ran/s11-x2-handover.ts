import { receivePortFor } from '../../harness/drivers/common/gtpu-endpoint.ts';
import { localAddressToward } from '../../harness/drivers/common/local-address.ts';
import { UeIpv6Host } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { findIe, gtpv2cCause } from '../../harness/protocol/gtpv2c/index.ts';
import { describeOutcome } from '../core/describe-outcome.ts';
import { attachFixtures, attachIpv6 } from './attach.ts';
import { enbS1u } from '../../harness/runner/fixtures.ts';

/**
 * X2 handover without SGW relocation (TS 23.401 §5.5.1.1.2): the target eNodeB's S1-U F-TEID
 * arrives in a Modify Bearer Request; the SGW switches the downlink path and sends an End Marker
 * to the source eNodeB on the old tunnel (TS 29.281 §7.3.2, TEID of the source eNodeB, no
 * payload). Downlink then reaches the target eNodeB only. The target eNodeB is another node with
 * its own address, as in a real RAN (a GTP-U path is between two addresses, TS 29.281 §3): toward
 * a real SGW, which sends to port 2152 of each, it takes the host's address of the other family
 * where the SGW's S1-U F-TEID offers both; toward our stand-ins, which answer to the sender's
 * port, another port of the same address.
 */
export default defineScenario({
  id: 'ran/s11-x2-handover',
  title: 'X2 handover: Modify Bearer to a new eNodeB F-TEID, End Marker on the old path, downlink on the new',
  covers: ['MNO-RAN'],
  tags: ['gtpv2c', 'gtpu', 's11', 's1u', 'mobility'],
  needs: ['pgw', 'sgw'],
  fixtures: { ...attachFixtures(), target: enbS1u({ firstTeid: 0x0f000000 }) },
  async run(ctx, { target, ...fx }) {
    const a = await attachIpv6(ctx, fx, '001010000001002');
    await a.ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    const before = await a.ue.ping(a.probe, 7, 1, 2000, ctx.signal);
    ctx.expect('echo through the source eNodeB before the handover', {
      expected: 'echo reply',
      observed: before ? 'echo reply' : 'no reply',
      ok: before !== undefined,
      element: 'sgw',
    });
    const source = a.enb.gtpu.endpoint.address;
    if (a.sgw.kind === 'standin') await target.open(source);
    else {
      const other = source.includes(':') ? a.s1uSgw.ipv4 : a.s1uSgw.ipv6;
      if (!other)
        return ctx.skip(
          `the target eNodeB needs a second address: the SGW's S1-U F-TEID offers ${source.includes(':') ? 'IPv6' : 'IPv4'} only, where the source eNodeB already holds port 2152`,
        );
      await target.open(await localAddressToward(other), receivePortFor(a.sgw));
    }
    const t = target.allocate();
    const mod = await a.mme.modifyBearer(a.sgwS11Teid, 5, t, ctx.signal);
    const res = mod.kind === 'response' ? mod.message : undefined;
    ctx.expect('Modify Bearer Response cause Request accepted', {
      expected: gtpv2cCause(16),
      observed: res ? gtpv2cCause(findIe(res, 'cause')?.value) : describeOutcome(mod),
      clause: 'TS 29.274 §7.2.8',
      element: 'sgw',
    });
    // The UE now sends through the target eNodeB (uplink first, as after an X2 handover).
    const ue2 = new UeIpv6Host(
      target.bearer(t.teid, a.s1uSgw, a.sgw.userPlanePort ?? 2152),
      a.ue.interfaceId,
      ctx.recorder,
    );
    ue2.global = a.ue.global;
    const after = await ue2.ping(a.probe, 7, 2, 2000, ctx.signal);
    ctx.check('downlink reaches the target eNodeB after the switch', {
      expected: 'echo reply at the target eNodeB',
      observed: after ? 'echo reply at the target eNodeB' : 'no reply at the target eNodeB',
      ok: after !== undefined,
      clause: 'TS 23.401 §5.5.1.1.2',
      element: 'sgw',
    });
    const strays = a.ue.unexpected.filter(
      (p) => p.payload.type === 'icmpv6' && p.payload.message.type === 'echo-reply',
    );
    ctx.check('no downlink to the source eNodeB after the switch', {
      expected: 0,
      observed: strays.length,
      clause: 'TS 23.401 §5.5.1.1.2',
      element: 'sgw',
    });
    const markers = a.enb.gtpu.signalling.filter((m) => m.type === 'end-marker');
    ctx.check('End Marker to the source eNodeB on its TEID', {
      expected: [a.enbTeid],
      observed: markers.map((m) => m.teid),
      clause: 'TS 29.281 §7.3.2, TS 23.401 §5.5.1.1.2',
      element: 'sgw',
    });
    ctx.check('no End Marker to the target eNodeB', {
      expected: 0,
      observed: target.gtpu.signalling.filter((m) => m.type === 'end-marker').length,
      clause: 'TS 29.281 §7.3.2',
      element: 'sgw',
    });
    await a.mme.deleteSession(a.sgwS11Teid, 5, ctx.signal);
  },
});
