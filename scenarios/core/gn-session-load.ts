import { defineScenario } from '../../harness/runner/scenario.ts';
import { executorOf, peerOf, runLoadScenario } from './session-load-kit.ts';

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
    // The `apn` param, else the first APN the target declares for IPv6 PDP contexts.
    const named = executorOf(ctx.params).apn;
    const entries = Object.entries(ggsn.apns);
    const apn =
      named ??
      (entries.find(([, p]) => p.pdnTypes === 'ipv6') ?? entries.find(([, p]) => p.pdnTypes === 'ipv4v6'))?.[0];
    const policy = apn === undefined ? undefined : ggsn.apns[apn];
    ctx.expect('target declares an APN for IPv6 PDP contexts on the GGSN', {
      expected: named ? `APN "${named}" with pdnTypes ipv6 or ipv4v6` : 'an APN with pdnTypes ipv6 or ipv4v6',
      observed: policy
        ? `"${apn}": pdnTypes ${policy.pdnTypes}`
        : `none (declared: ${entries.map(([n, p]) => `${n}=${p.pdnTypes}`).join(', ') || 'none'})`,
      ok: policy !== undefined && policy.pdnTypes !== 'ipv4',
    });
    await runLoadScenario(ctx, { interface: 'gn', ggsn: peerOf(ggsn), apn: apn! }, ggsn);
  },
});
