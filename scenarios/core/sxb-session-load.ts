import { defineScenario } from '../../harness/runner/scenario.ts';
import { GRANTS_IPV6, namedApn } from './session-checks.ts';
import { executorOf, peerOf, runLoadScenario } from './session-load-kit.ts';

/**
 * Sxb session load as a PGW-C would offer it (TS 29.244 §7.5.2/§7.5.6): after one Association
 * Setup per thread, Session Establishment with the UE's /64 then Session Deletion, at the requested
 * arrival rate over worker threads.
 */
export default defineScenario({
  id: 'core/sxb-session-load',
  title: 'Sxb session load: PFCP Session Establishment/Deletion at a requested arrival rate',
  covers: ['MNO-CORE'],
  tags: ['pfcp', 'sxb', 'cups', 'load', 'perf'],
  needs: ['pgw-u'],
  timeout: 60,
  async run(ctx) {
    const up = ctx.element('pgw-u');
    const named = executorOf(ctx.params).apn;
    const { name: apn, policy } =
      named !== undefined ? { name: named, policy: namedApn(ctx, up.name, up.apns, named) } : ctx.apn(up, GRANTS_IPV6);
    await runLoadScenario(ctx, { interface: 'sxb', pgwU: peerOf(up), apn, ipv6Pool: policy.ipv6Pool }, up);
  },
});
