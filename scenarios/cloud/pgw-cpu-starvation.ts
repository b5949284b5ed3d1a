import { defineScenario } from '../../harness/runner/scenario.ts';
import { percentile } from '../../harness/traffic/percentile.ts';
import { controlOf, createSessions, createSessionsAtOnce, deleteSessions } from './fault-kit.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * Service quality when the cloud starves the PGW of CPU (CLOUD-QUALITY): a burst of session
 * set-ups with the container capped at 0.2 core (then 0.15, 0.1, 0.05, until the burst is slowed), against the same burst uncapped in the same run
 * (after a warm-up burst, so compiling the code paths is in neither). Every session must still be
 * set up (no rejection, no timeout); the latency growth is reported and the suite's thresholds
 * judge it. Detection is the first answer slower than twice the free p99 after the cap (ms from
 * the burst's start); recovery the first set-up back under it after the cap is lifted.
 * A burst, because a quota only slows work that exceeds it within one CFS period: one set-up at a
 * time fits in such a cap. Not much lower: below that the burst's backlog grows without bound. The
 * idle stand-in takes next to none of the cap: its container runs precompiled JavaScript (0.0002 core
 * idle, 0.003 under tsx before; containers/lab/bundle.mjs).
 */
const SESSIONS = 200;
// A precompiled stand-in sets up 200 sessions in about 20 ms of CPU, which a 0.2-core quota (20 ms
// per 100 ms CFS period) can let through in one period on a fast machine: the ladder goes on down.
const CAP_CORES = [0.2, 0.15, 0.1, 0.05];

export default defineScenario({
  id: 'cloud/pgw-cpu-starvation',
  title:
    'PGW capped at 0.2 core (0.15, 0.1, 0.05 if that does not slow it): a burst of sessions still set up, latency reported',
  covers: ['CLOUD-QUALITY', 'CLOUD-RESILIENCE'],
  tags: ['cloud', 'fault', 'quality'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  timeout: 90,
  async run(ctx, { sgw }) {
    const control = controlOf(ctx, 'pgw');
    const warm = await createSessionsAtOnce(ctx, sgw, SESSIONS, 1010000001000);
    await deleteSessions(ctx, sgw, warm.teids);
    const free = await createSessionsAtOnce(ctx, sgw, SESSIONS, 1010000002000);
    await deleteSessions(ctx, sgw, free.teids);
    const slow = 2 * percentile(free.latenciesMs, 99);
    // The first cap under which the burst is slowed (a quota bites or not within a CFS period
    // depending on the machine); the last one tried is kept whatever it did.
    let starved = { teids: [] as number[], latenciesMs: [] as number[] };
    let t1 = 0;
    for (const [k, cap] of CAP_CORES.entries()) {
      if (k > 0) await deleteSessions(ctx, sgw, starved.teids);
      await control.limitCpu(cap);
      try {
        starved = await createSessionsAtOnce(ctx, sgw, SESSIONS, 1010000003000 + k * 1000);
      } finally {
        t1 = performance.now();
        await control.limitCpu(undefined);
      }
      ctx.fact('fault', `container CPU capped at ${cap} core (cgroup)`);
      if (starved.latenciesMs.some((l) => l > slow)) break;
    }
    // Detection: the first answer slower than twice the free p99, from the burst's start.
    const slowOnes = starved.latenciesMs.filter((l) => l > slow);
    if (slowOnes.length > 0) ctx.metric('detect_ms', Math.min(...slowOnes), 'ms');
    // Recovery: set-ups after the cap is lifted, until one is back under twice the free p99.
    let recovered: number | undefined;
    for (let i = 0; i < 50 && recovered === undefined; i++) {
      const one = await createSessions(ctx, sgw, 1, 1010000009000 + i);
      await deleteSessions(ctx, sgw, one.teids);
      if (one.latenciesMs[0] <= slow) recovered = performance.now() - t1;
    }
    ctx.check('set-up latency returns to normal once the cap is lifted', {
      expected: `a set-up within ${slow.toFixed(1)} ms`,
      observed: recovered === undefined ? 'still slow after 50 set-ups' : `after ${recovered.toFixed(0)} ms`,
      ok: recovered !== undefined,
      clause: 'CLOUD-QUALITY',
      element: 'pgw',
    });
    if (recovered !== undefined) ctx.metric('recover_ms', recovered, 'ms');
    ctx.check('every session is set up under CPU starvation', {
      expected: SESSIONS,
      observed: starved.teids.length,
      clause: 'CLOUD-QUALITY',
      element: 'pgw',
    });
    await deleteSessions(ctx, sgw, starved.teids);
    const p99 = percentile(starved.latenciesMs, 99);
    const base = percentile(free.latenciesMs, 99);
    ctx.metric('create_latency_p99_free', base, 'ms');
    ctx.metric('create_latency_p99_starved', p99, 'ms');
    ctx.metric('create_latency_growth', base > 0 ? p99 / base : 0, 'x');
  },
});
