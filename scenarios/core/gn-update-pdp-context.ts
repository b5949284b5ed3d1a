import { findIe, gtpv1cCause } from '../../harness/protocol/gtpv1c/index.ts';
import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { describeOutcome } from './describe-outcome.ts';
import { expectPdpAccepted } from './gn-accepted.ts';
import { pickGnApn } from './gn-apn.ts';
import { sgsnGn } from '../../harness/runner/fixtures.ts';

/**
 * SGSN-initiated Update PDP Context (TS 29.060 §7.3.3/§7.3.4), as after an inter-SGSN routing area
 * update: the SGSN sends new TEID Data I and TEID-C (with the MS Info Change Reporting support
 * indication extension header, §6.1). The GGSN answers cause 128 to the new TEID-C with its QoS
 * Profile, and its user plane follows at once: the RA answering a Router Solicitation comes down
 * the new tunnel, none down the old one. An Update for a TEID the GGSN does not know gets cause
 * 192 "Non-existent"; the Delete afterwards is answered to the new TEID-C.
 */
export default defineScenario({
  id: 'core/gn-update-pdp-context',
  title: 'Gn Update PDP Context: new TEIDs accepted, the user plane follows; unknown TEID → 192',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv1c', 'gn', 'session', 'mobility'],
  needs: ['ggsn'],
  fixtures: { sgsn: sgsnGn() },
  timeout: 30,
  async run(ctx, { sgsn }) {
    const ggsn = ctx.element('ggsn');
    const [apnName] = pickGnApn(ctx, ggsn, 'ipv6');
    const { outcome, context } = await sgsn.createPdpContext(
      { imsi: '001010000000940', apn: apnName, pdpType: 'ipv6' },
      ctx.signal,
    );
    expectPdpAccepted(ctx, outcome);
    const eua = outcome.kind === 'response' ? findIe(outcome.message, 'end-user-address') : undefined;
    ctx.expect('End User Address with an IPv6 address', {
      expected: 'an IPv6 address',
      observed: eua?.ipv6 ?? 'none',
      ok: eua?.ipv6 !== undefined,
      clause: 'TS 29.060 §7.7.27',
      element: 'ggsn',
    });
    const iid = withInterfaceId('::', eua!.ipv6!);
    const before = await new UeIpv6Host(sgsn.bearer(context!), iid, ctx.recorder).solicitRouter(
      { intervalMs: 1000, maxSolicitations: 2 },
      ctx.signal,
    );
    ctx.expect('the PDP context carries traffic before the update (RA received)', {
      expected: 'RA',
      observed: before ? 'RA' : 'no RA',
      ok: before !== undefined,
      clause: 'TS 29.061 §11.2.1.3.4',
      element: 'ggsn',
    });
    let up = await sgsn.updatePdpContext(context!, {}, ctx.signal);
    // §6.1: type 0x02 is "comprehension not required": a GGSN that does not take it processes the
    // message without it. One that drops the message is asked again without the header.
    ctx.check(
      'Update PDP Context Request with the MS Info Change Reporting support indication extension header is answered',
      {
        expected: 'update-pdp-context-response',
        observed: up.outcome.kind === 'response' ? up.outcome.message.type : describeOutcome(up.outcome),
        clause: 'TS 29.060 §6.1',
        element: 'ggsn',
      },
    );
    // Once the header got no answer, the rest goes without it: each check judges one thing.
    const msInfoChangeReporting = up.outcome.kind === 'response';
    if (!msInfoChangeReporting) up = await sgsn.updatePdpContext(context!, { msInfoChangeReporting }, ctx.signal);
    const res = up.outcome.kind === 'response' ? up.outcome.message : undefined;
    ctx.expect('Update PDP Context Response: cause 128', {
      expected: gtpv1cCause(128),
      observed: res ? gtpv1cCause(findIe(res, 'cause')?.value) : describeOutcome(up.outcome),
      clause: 'TS 29.060 §7.3.4, §7.7.1',
      element: 'ggsn',
    });
    const updated = up.context!;
    ctx.check('the response goes to the new TEID-C', {
      expected: `0x${updated.teidControl.toString(16)}`,
      observed: `0x${res!.teid.toString(16)}`,
      clause: 'TS 29.060 §7.3.4, §6',
      element: 'ggsn',
    });
    ctx.check('QoS Profile in the accepted response', {
      expected: 'a QoS Profile',
      observed: findIe(res!, 'qos-profile') ? 'a QoS Profile' : 'none',
      clause: 'TS 29.060 §7.3.4 (Table 8)',
      element: 'ggsn',
    });
    let onOld = 0;
    sgsn.bearer(context!).onPacket(() => onOld++);
    const after = await new UeIpv6Host(sgsn.bearer(updated), iid, ctx.recorder).solicitRouter(
      { intervalMs: 1000, maxSolicitations: 2 },
      ctx.signal,
    );
    ctx.check(`the user plane follows the new TEID 0x${updated.teidData.toString(16)}`, {
      expected: 'RA on the new TEID, nothing on the old one',
      observed: `${after ? 'RA' : 'nothing'} on the new TEID, ${onOld ? `${onOld} packet(s)` : 'nothing'} on the old one`,
      ok: after !== undefined && onOld === 0,
      clause: 'TS 29.060 §7.3.3, TS 23.060 §6.9.1.2.2',
      element: 'ggsn',
    });
    const unknownTeid = (updated.ggsnTeidControl ^ 0x5a5a0000) >>> 0;
    const stray = await sgsn.updatePdpContext(
      updated,
      { ggsnTeidControl: unknownTeid, msInfoChangeReporting },
      ctx.signal,
    );
    ctx.check(`Update PDP Context for the unknown TEID 0x${unknownTeid.toString(16)}: cause 192`, {
      expected: gtpv1cCause(192),
      observed:
        stray.outcome.kind === 'response'
          ? gtpv1cCause(findIe(stray.outcome.message, 'cause')?.value)
          : describeOutcome(stray.outcome),
      clause: 'TS 29.060 §7.3.4, §7.7.1',
      element: 'ggsn',
    });
    const del = await sgsn.deletePdpContext(updated, ctx.signal);
    ctx.check('Delete PDP Context after the update: cause 128, to the new TEID-C', {
      expected: { cause: gtpv1cCause(128), teid: `0x${updated.teidControl.toString(16)}` },
      observed:
        del.kind === 'response'
          ? { cause: gtpv1cCause(findIe(del.message, 'cause')?.value), teid: `0x${del.message.teid.toString(16)}` }
          : describeOutcome(del),
      clause: 'TS 29.060 §7.3.6',
      element: 'ggsn',
    });
  },
});
