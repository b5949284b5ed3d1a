import { SgwS5Driver } from '../../harness/drivers/sgw/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { controlOf, createSessions, deleteSessions, percentile } from './fault-kit.ts';

/**
 * Service quality when the cloud starves the PGW of CPU (CLOUD-QUALITY): session set-up latency
 * with the container capped at 0.1 core, against the same batch uncapped in the same run. Every
 * session must still be set up (no rejection, no timeout); the latency growth is reported and the
 * suite's thresholds judge it.
 */
const SESSIONS = 30;

export default defineScenario({
  id: 'cloud/pgw-cpu-starvation',
  title: 'PGW capped at 0.1 CPU: every session still set up, latency reported',
  covers: ['CLOUD-QUALITY', 'CLOUD-RESILIENCE'],
  tags: ['cloud', 'fault', 'quality'],
  needs: ['pgw'],
  timeout: 90,
  async run(ctx) {
    const control = controlOf(ctx, 'pgw');
    const sgw = new SgwS5Driver({ pgw: ctx.element('pgw'), recorder: ctx.recorder });
    await sgw.open();
    try {
      const free = await createSessions(ctx, sgw, SESSIONS, 1010000000500);
      await deleteSessions(ctx, sgw, free.teids);
      await control.limitCpu(0.1);
      ctx.fact('fault', 'container CPU capped at 0.1 core (cgroup)');
      let starved;
      try {
        starved = await createSessions(ctx, sgw, SESSIONS, 1010000000600);
      } finally {
        await control.limitCpu(undefined);
      }
      ctx.check('every session is set up under CPU starvation', { expected: SESSIONS, observed: starved.teids.length, clause: 'CLOUD-QUALITY', element: 'pgw' });
      await deleteSessions(ctx, sgw, starved.teids);
      const p99 = percentile(starved.latenciesMs, 99);
      const base = percentile(free.latenciesMs, 99);
      ctx.metric('create_latency_p99_free', base, 'ms');
      ctx.metric('create_latency_p99_starved', p99, 'ms');
      ctx.metric('create_latency_growth', base > 0 ? p99 / base : 0, 'x');
    } finally {
      await sgw.close();
    }
  },
});
