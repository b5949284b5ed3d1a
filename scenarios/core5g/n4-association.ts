import { CAUSE, causeName, findIe } from '../../harness/protocol/pfcp/index.ts';
import { smfN4 } from '../../harness/runner/fixtures.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { accepted, causeOf, dnnOf, messageOf, prefixFrom } from './n4-kit.ts';

/**
 * N4 node procedures against a UPF (TS 29.244 in the 5G role, TS 23.501 §6.2.3), the harness
 * playing the SMF: after releasing any association an earlier run left (§6.2.8.2), a session
 * request before the association is refused (§6.2.6.1, cause 72);
 * Association Setup is accepted with the UPF's Node ID and Recovery Time Stamp (§7.4.4.2);
 * Heartbeats carry the same Recovery Time Stamp while the UPF runs (§6.2.2). Where the lab can
 * restart the UPF (stand-ins, containers): after the restart its Recovery Time Stamp is newer
 * (§6.2.2, TS 23.007 §19A: how the SMF learns its sessions are gone), the session established
 * before is gone, and a new Association Setup is accepted. Before that, Association Release
 * (§6.2.8.2) takes the association's sessions with it.
 */
export default defineScenario({
  id: 'core5g/n4-association',
  title: 'N4 (PFCP): association, heartbeat, a session only after association, UPF restart detected',
  covers: ['MNO-CORE', 'CLOUD-CORE-FUNCTIONS'],
  tags: ['pfcp', 'n4', '5gs', 'upf'],
  needs: ['upf'],
  fixtures: { smf: smfN4() },
  async run(ctx, { smf }) {
    const upf = ctx.element('upf');
    const dnn = dnnOf(ctx, upf, 'internet');
    const session = {
      dnn: 'internet',
      pduSessionType: 'ipv6' as const,
      ueIpv6: prefixFrom(dnn.ipv6Pool),
      qfi: 9,
      n3Family: upf.family === 6 ? ('ipv6' as const) : ('ipv4' as const),
    };
    // An earlier run from this host (the same Node ID) may have left an association: release it
    // first (§6.2.8.2; cause 72 when there was none), so the UPF meets an SMF it has none with.
    const released = await smf.releaseAssociation(ctx.signal);
    ctx.log(`Association Release before the test: ${causeOf(released)}`);
    const early = await smf.establish(session, ctx.signal);
    ctx.check('a session request before Association Setup is refused', {
      expected: `${CAUSE.NO_ESTABLISHED_PFCP_ASSOCIATION} ${causeName(CAUSE.NO_ESTABLISHED_PFCP_ASSOCIATION)}`,
      observed: causeOf(early.outcome),
      clause: 'TS 29.244 §6.2.6.1, §8.2.1',
      element: 'upf',
    });
    const assoc = await smf.associate(ctx.signal);
    ctx.expect('Association Setup accepted', {
      expected: accepted(),
      observed: causeOf(assoc),
      clause: 'TS 29.244 §7.4.4.2',
      element: 'upf',
    });
    const a = messageOf(assoc);
    ctx.check('Association Setup Response carries Node ID and Recovery Time Stamp', {
      expected: ['node-id', 'recovery-time-stamp'],
      observed: ['node-id', 'recovery-time-stamp'].filter((n) => a?.ies.some((ie) => ie.ie === n)),
      clause: 'TS 29.244 §7.4.4.2 Table 7.4.4.2-1',
      element: 'upf',
    });
    const stamp = async () => {
      const hb = await smf.heartbeat(ctx.signal);
      return hb.kind === 'response' ? findIe(hb.message, 'recovery-time-stamp')?.seconds : undefined;
    };
    const ts = [await stamp(), await stamp()];
    ctx.check('Heartbeat Recovery Time Stamp present and stable', {
      expected: 'the same time stamp twice',
      observed: ts.map((s) => s ?? 'none').join(', '),
      ok: ts[0] !== undefined && ts[0] === ts[1],
      clause: 'TS 29.244 §6.2.2, §8.2.65',
      element: 'upf',
    });
    const est = await smf.establish(session, ctx.signal);
    ctx.expect('Session Establishment accepted after the association', {
      expected: accepted(),
      observed: causeOf(est.outcome),
      clause: 'TS 29.244 §7.5.3',
      element: 'upf',
    });
    const upSeid = findIe(messageOf(est.outcome)!, 'f-seid')?.seid ?? 0n;
    // §6.2.8.2: releasing the association deletes its sessions in the UPF.
    const release = await smf.releaseAssociation(ctx.signal);
    ctx.check('Association Release accepted', {
      expected: accepted(),
      observed: causeOf(release),
      clause: 'TS 29.244 §6.2.8.2, §7.4.4.6',
      element: 'upf',
    });
    ctx.expect('Association Setup after the release accepted', {
      expected: accepted(),
      observed: causeOf(await smf.associate(ctx.signal)),
      clause: 'TS 29.244 §7.4.4.2',
      element: 'upf',
    });
    const afterRelease = await smf.delete(upSeid, ctx.signal);
    ctx.check('the session of the released association is gone: Session context not found', {
      expected: `${CAUSE.SESSION_CONTEXT_NOT_FOUND} ${causeName(CAUSE.SESSION_CONTEXT_NOT_FOUND)}`,
      observed: causeOf(afterRelease),
      clause: 'TS 29.244 §6.2.8.2, §7.2.2.4.2',
      element: 'upf',
    });
    if (!upf.restart) {
      ctx.log(`the lab cannot restart the UPF "${upf.name}" (an external DUT): the restart half is not run`);
      return;
    }
    const kept = await smf.establish(session, ctx.signal);
    const keptSeid = findIe(messageOf(kept.outcome) ?? { ies: [] }, 'f-seid')?.seid ?? 0n;
    await upf.restart();
    const after = await stamp();
    ctx.check('after a restart the Heartbeat carries a newer Recovery Time Stamp', {
      expected: `a time stamp after ${ts[0]}`,
      observed: after === undefined ? 'none' : String(after),
      ok: after !== undefined && ts[0] !== undefined && after > ts[0],
      clause: 'TS 29.244 §6.2.2, §19A; TS 23.007 §19A',
      element: 'upf',
    });
    const old = await smf.delete(keptSeid, ctx.signal);
    ctx.check('the session from before the restart is gone', {
      expected: `not accepted (${CAUSE.SESSION_CONTEXT_NOT_FOUND} or ${CAUSE.NO_ESTABLISHED_PFCP_ASSOCIATION})`,
      observed: causeOf(old),
      ok: old.kind === 'response' && findIe(old.message, 'cause')?.value !== CAUSE.REQUEST_ACCEPTED,
      clause: 'TS 23.007 §19A, TS 29.244 §7.2.2.4.2',
      element: 'upf',
    });
    const again = await smf.associate(ctx.signal);
    ctx.check('a new Association Setup after the restart is accepted', {
      expected: accepted(),
      observed: causeOf(again),
      clause: 'TS 29.244 §6.2.6.2, §7.4.4.2',
      element: 'upf',
    });
  },
});
