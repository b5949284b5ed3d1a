import { findIe, gtpv1cCause } from '../../harness/protocol/gtpv1c/index.ts';
import type { SgsnGnDriver, PdpContext } from '../../harness/drivers/sgsn/index.ts';
import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { expectPdpAccepted } from './gn-accepted.ts';
import { pickGnApn } from './gn-apn.ts';
import { sgsnGn } from '../../harness/runner/fixtures.ts';

/**
 * SGSN restart on Gn (TS 23.007 §18; TS 29.060 §7.2.2, §7.7.11): the SGSN comes back with its
 * restart counter bumped and the GGSN learns it either from the Recovery IE of the next Create PDP
 * Context Request (`detect: create`) or from its own Echo Request, whose Echo Response carries the
 * new counter (`detect: echo`, every `echoInterval` seconds as the target declares, §7.2.1). The
 * GGSN must release the PDP contexts the SGSN had: a G-PDU on the old tunnel gets an Error
 * Indication (TS 29.281 §7.3.1) and a Delete PDP Context for the old TEID gets cause 192. It should
 * also tell the SGSN with a Delete PDP Context Request for each (§7.3.5). The echo case takes up to
 * about four echo intervals: give the suite a timeout to match.
 */
export default defineScenario({
  id: 'core/gn-peer-restart',
  title: 'SGSN restart (Recovery bumped, seen in a Create or an Echo Response): the GGSN releases the old PDP contexts',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv1c', 'gn', 'path-management', 'restoration'],
  needs: ['ggsn'],
  fixtures: { sgsn: sgsnGn() },
  params: { detect: ['create', 'echo'] },
  timeout: 40,
  async run(ctx, { sgsn }) {
    const ggsn = ctx.element('ggsn');
    const echoInterval = ggsn.echoInterval;
    if (ctx.params.detect === 'echo' && echoInterval === undefined)
      ctx.skip('the target declares no echo interval for the GGSN (ggsn.echoInterval, seconds)');
    const [apnName] = pickGnApn(ctx, ggsn, 'ipv6');
    if (ctx.params.detect === 'echo' && ggsn.kind !== 'standin' && !sgsn.onStandardControlPort)
      ctx.skip(
        `port 2123 on ${sgsn.localAddress} is taken: the GGSN's Echo Requests go there (TS 29.060 §4.4.2) and would miss the harness`,
      );
    const imsi = ctx.params.detect === 'create' ? '001010000000950' : '001010000000955';
    const { outcome, context } = await sgsn.createPdpContext({ imsi, apn: apnName, pdpType: 'ipv6' }, ctx.signal);
    expectPdpAccepted(ctx, outcome);
    const eua = outcome.kind === 'response' ? findIe(outcome.message, 'end-user-address') : undefined;
    const ue = new UeIpv6Host(sgsn.bearer(context!), withInterfaceId('::', eua?.ipv6 ?? '::1'), ctx.recorder);
    const ra = await ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    ctx.expect('the PDP context carries traffic before the restart (RA received)', {
      expected: 'RA',
      observed: ra ? 'RA' : 'no RA',
      ok: ra !== undefined,
      element: 'ggsn',
    });
    const old = context!;
    const before = sgsn.restartCounter;
    // Listen before the restart: the GGSN may tell us at once.
    const told = sgsn.fromGgsn.next(
      (m) => m.type === 'delete-pdp-context-request' && m.teid === old.teidControl,
      ctx.params.detect === 'echo' ? echoInterval! * 2500 + 3000 : 4000,
      ctx.signal,
    );
    if (ctx.params.detect === 'echo') {
      const first = await sgsn.fromGgsn.next((m) => m.type === 'echo-request', echoInterval! * 2500, ctx.signal);
      ctx.expect(`the GGSN sends Echo Request on the path in use (every ${echoInterval} s declared)`, {
        expected: `an Echo Request within ${echoInterval! * 2.5} s`,
        observed: first ? 'Echo Request' : 'none',
        ok: first !== undefined,
        clause: 'TS 29.060 §7.2.1',
        element: 'ggsn',
      });
    }
    const after = sgsn.simulateRestart();
    ctx.log(`SGSN restart: Recovery ${before} → ${after}`);
    if (ctx.params.detect === 'create') {
      const fresh = await sgsn.createPdpContext({ imsi: '001010000000951', apn: apnName, pdpType: 'ipv6' }, ctx.signal);
      expectPdpAccepted(ctx, fresh.outcome);
      if (fresh.context) await sgsn.deletePdpContext(fresh.context, ctx.signal);
    }
    const request = await told;
    ctx.check(
      `the GGSN sends Delete PDP Context Request for the pre-restart context (TEID 0x${old.teidControl.toString(16)})`,
      {
        expected: 'Delete PDP Context Request',
        observed: request ? 'Delete PDP Context Request' : 'none',
        ok: request !== undefined,
        level: 'SHOULD',
        clause: 'TS 23.007 §18, TS 29.060 §7.3.5',
        element: 'ggsn',
      },
    );
    await released(ctx, sgsn, ue, old, ra!.packet.src);
  },
});

/** The pre-restart context is gone: Error Indication for its tunnel, cause 192 for its TEID. */
async function released(
  ctx: ScenarioContext,
  sgsn: SgsnGnDriver,
  ue: UeIpv6Host,
  old: PdpContext,
  router: string,
): Promise<void> {
  const seen = sgsn.userPlane.signalling.length;
  const errorIndication = () => sgsn.userPlane.signalling.slice(seen).find((m) => m.type === 'error-indication');
  const ping = await ue.ping(router, 0x95, 1, 800, ctx.signal);
  // A loaded GGSN may answer late: up to 2 s more for the Error Indication.
  for (let waited = 0; !errorIndication() && !ping && waited < 2000 && !ctx.signal.aborted; waited += 50)
    await new Promise((r) => setTimeout(r, 50));
  const ei = errorIndication();
  ctx.check('a G-PDU on the old tunnel gets an Error Indication', {
    expected: 'Error Indication',
    observed: ei ? 'Error Indication' : ping ? 'forwarded (the tunnel survived the SGSN restart)' : 'nothing',
    ok: ei !== undefined,
    clause: 'TS 23.007 §18, TS 29.281 §7.3.1',
    element: 'ggsn',
  });
  const del = await sgsn.deletePdpContext(old, ctx.signal);
  ctx.check('Delete PDP Context for the pre-restart TEID: cause 192 Non-existent', {
    expected: gtpv1cCause(192),
    observed: del.kind === 'response' ? gtpv1cCause(findIe(del.message, 'cause')?.value) : del.description,
    clause: 'TS 23.007 §18, TS 29.060 §7.3.6',
    element: 'ggsn',
  });
}
