import { CAUSE, causeName, findIe } from '../../harness/protocol/pfcp/index.ts';
import { smfN4 } from '../../harness/runner/fixtures.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { accepted, causeOf, dnnOf, messageOf, prefixFrom } from './n4-kit.ts';

/**
 * An SMF restart as the UPF under test must see it (TS 23.007 §19A; TS 29.244 §6.2.6.2.3), the
 * harness playing the SMF: with a session established, the SMF restarts (it keeps its Node ID and
 * takes a newer Recovery Time Stamp, §8.2.65) and sets up its association again. The UPF accepts
 * the new association and deletes the PFCP sessions of the existing one, whatever the Recovery
 * Time Stamp says: a Session Deletion for the old session is answered 65 "Session context not
 * found" (§7.2.2.4.2). A UPF that kept them would forward for sessions no SMF knows of, and hold
 * their addresses and TEIDs. A session of the new association is then accepted.
 */
export default defineScenario({
  id: 'core5g/n4-smf-restart',
  title: 'N4 (PFCP): after an SMF restart and a new association, the sessions of the old one are gone',
  covers: ['MNO-CORE', 'CLOUD-CORE-FUNCTIONS'],
  tags: ['pfcp', 'n4', '5gs', 'upf', 'restart'],
  needs: ['upf'],
  fixtures: { smf: smfN4() },
  async run(ctx, { smf }) {
    const upf = ctx.element('upf');
    const dnn = dnnOf(ctx, upf, 'internet');
    const session = () => ({
      dnn: 'internet',
      pduSessionType: 'ipv6' as const,
      ueIpv6: prefixFrom(dnn.ipv6Pool),
      qfi: 9,
      n3Family: upf.family === 6 ? ('ipv6' as const) : ('ipv4' as const),
    });
    ctx.expect('Association Setup accepted', {
      expected: accepted(),
      observed: causeOf(await smf.associate(ctx.signal)),
      clause: 'TS 29.244 §7.4.4.2',
      element: 'upf',
    });
    const before = await smf.establish(session(), ctx.signal);
    ctx.expect('Session Establishment accepted before the restart', {
      expected: accepted(),
      observed: causeOf(before.outcome),
      clause: 'TS 29.244 §7.5.3',
      element: 'upf',
    });
    const oldSeid = findIe(messageOf(before.outcome)!, 'f-seid')?.seid ?? 0n;
    const stampBefore = smf.recoveryTimeStamp;
    smf.restart();
    ctx.log(`SMF restarted: Recovery Time Stamp ${stampBefore.toISOString()} → ${smf.recoveryTimeStamp.toISOString()}`);
    ctx.expect('Association Setup of the restarted SMF (same Node ID, newer Recovery Time Stamp) accepted', {
      expected: accepted(),
      observed: causeOf(await smf.associate(ctx.signal)),
      clause: 'TS 29.244 §6.2.6.2.3, §7.4.4.2',
      element: 'upf',
    });
    const old = await smf.delete(oldSeid, ctx.signal);
    ctx.check('the session from before the SMF restart is gone: Session context not found', {
      expected: `${CAUSE.SESSION_CONTEXT_NOT_FOUND} ${causeName(CAUSE.SESSION_CONTEXT_NOT_FOUND)}`,
      observed: causeOf(old),
      clause: 'TS 23.007 §19A; TS 29.244 §6.2.6.2.3, §7.2.2.4.2',
      element: 'upf',
    });
    const after = await smf.establish(session(), ctx.signal);
    ctx.check('a session of the new association is accepted', {
      expected: accepted(),
      observed: causeOf(after.outcome),
      clause: 'TS 29.244 §7.5.3',
      element: 'upf',
    });
    const newSeid = findIe(messageOf(after.outcome) ?? { ies: [] }, 'f-seid')?.seid;
    if (newSeid !== undefined) await smf.delete(newSeid, ctx.signal);
  },
});
