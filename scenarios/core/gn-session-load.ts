import { defineScenario } from '../../harness/runner/scenario.ts';
import { executorOf, peerOf, runLoadScenario } from './session-load-kit.ts';
import { pickGnApn } from './gn-apn.ts';
import { namedApn } from './session-checks.ts';

/**
 * Gn PDP context load as an SGSN would offer it (TS 29.060 §7.3.1/§7.3.5): Create then Delete PDP
 * Context for IPv6 PDP contexts, at the requested arrival rate over worker threads.
 */
export default defineScenario({
  id: 'core/gn-session-load',
  title: 'Gn PDP context load: Create/Delete PDP Context at a requested arrival rate',
  covers: ['MNO-CORE', 'MVNO-L2'],
  tags: ['gtpv1c', 'gn', 'load', 'perf'],
  needs: ['ggsn'],
  timeout: 60,
  async run(ctx) {
    const ggsn = ctx.element('ggsn');
    // The `apn` param, else the APN the target declares for IPv6 PDP contexts (by role).
    const named = executorOf(ctx.params).apn;
    if (named !== undefined) {
      const policy = namedApn(ctx, 'ggsn', ggsn.apns, named);
      ctx.expect(`APN "${named}" grants IPv6`, {
        expected: 'pdnTypes ipv6 or ipv4v6',
        observed: `pdnTypes ${policy.pdnTypes}`,
        ok: policy.pdnTypes !== 'ipv4',
      });
    }
    const apn = named ?? pickGnApn(ctx, ggsn, 'ipv6')[0];
    await runLoadScenario(ctx, { interface: 'gn', ggsn: peerOf(ggsn), apn }, ggsn);
  },
});
