import { defineScenario } from '../../harness/runner/scenario.ts';
import { GRANTS_IPV6, namedApn } from './session-checks.ts';
import { executorOf, peerOf, runLoadScenario } from './session-load-kit.ts';

/**
 * S5/S8 session load as an SGW would offer it (TS 29.274 §7.2.1/§7.2.9): Create Session then
 * Delete Session per cycle, started at the requested arrival rate (k6 executors, suite params),
 * spread over worker threads. Judged: sessions/s achieved against requested, setup latency
 * percentiles, no failure of any cause.
 */
export default defineScenario({
  id: 'core/s5-session-load',
  title: 'S5/S8 session load: Create/Delete Session at a requested arrival rate',
  covers: ['MNO-CORE'],
  tags: ['gtpv2c', 's5', 'load', 'perf'],
  needs: ['pgw'],
  timeout: 60,
  async run(ctx) {
    const pgw = ctx.element('pgw');
    const named = executorOf(ctx.params).apn;
    if (named !== undefined) namedApn(ctx, pgw.name, pgw.apns, named);
    const apn = named ?? ctx.apn(pgw, GRANTS_IPV6).name;
    await runLoadScenario(ctx, { interface: 's5', pgw: peerOf(pgw), apn }, pgw);
  },
});
