import test from 'ava';
import {
  arrivals,
  dispatchArrivals,
  dispatchIterations,
  executorSchema,
  parseDuration,
  parseStages,
  requestedCycles,
  type ExecutorInput,
} from '../../../harness/traffic/session-load/index.ts';
import { mergeReports } from '../../../harness/traffic/session-load/report.ts';
import { Tally } from '../../../harness/traffic/session-load/tally.ts';
import { VirtualClock } from '../../helpers/virtual-clock.ts';

/**
 * The session-load scheduler on virtual time: arrival times of the constant and ramping executors,
 * arrivals dealt over threads, dropped arrivals when in-flight is capped, per-UE iterations, and the
 * merged report. No real timer is involved, so the results do not depend on the machine's load.
 */
type ArrivalInput = Extract<ExecutorInput, { executor: 'constant-arrival-rate' | 'ramping-arrival-rate' }>;
const schedule = (e: ArrivalInput) => {
  const parsed = executorSchema.parse(e);
  if (parsed.executor === 'per-ue-iterations') throw new Error('not an arrival-rate executor');
  return { all: [...arrivals(parsed)], parsed };
};
const round = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);

test('durations and stages parse from the suite forms', (t) => {
  t.is(parseDuration('3s'), 3000);
  t.is(parseDuration('500ms'), 500);
  t.is(parseDuration('1.5m'), 90_000);
  t.is(parseDuration(2), 2000);
  t.throws(() => parseDuration('3 parsecs'), { message: /expected e\.g\. "3s"/ });
  t.deepEqual(parseStages('300:1s, 600:2s,0:500ms'), [
    { target: 300, durationMs: 1000 },
    { target: 600, durationMs: 2000 },
    { target: 0, durationMs: 500 },
  ]);
  t.throws(() => parseStages('fast'), { message: /expected target:duration/ });
});

test('executors are validated as a discriminated union, with k6-like defaults', (t) => {
  t.deepEqual(executorSchema.parse({ executor: 'constant-arrival-rate', rate: 10, durationMs: 1000 }), {
    executor: 'constant-arrival-rate',
    rate: 10,
    timeUnitMs: 1000,
    durationMs: 1000,
    maxInFlight: 1000,
  });
  t.false(executorSchema.safeParse({ executor: 'ramping-arrival-rate', stages: [] }).success);
  t.false(executorSchema.safeParse({ executor: 'constant-arrival-rate', rate: -1, durationMs: 1000 }).success);
  t.false(
    executorSchema.safeParse({ executor: 'per-ue-iterations', ues: 2, iterations: 3, rate: 5 }).success,
    'unknown keys are refused',
  );
  t.false(executorSchema.safeParse({ executor: 'shared-iterations', iterations: 3 }).success);
});

test('constant-arrival-rate: arrival i at i·timeUnit/rate, for the duration only', (t) => {
  t.deepEqual(schedule({ executor: 'constant-arrival-rate', rate: 5, durationMs: 1000 }).all, [0, 200, 400, 600, 800]);
  t.deepEqual(
    schedule({ executor: 'constant-arrival-rate', rate: 60, timeUnitMs: 60_000, durationMs: 3000 }).all,
    [0, 1000, 2000],
  );
  t.deepEqual(
    round(schedule({ executor: 'constant-arrival-rate', rate: 3, durationMs: 1100 }).all),
    [0, 333.3, 666.7, 1000],
  );
  t.deepEqual(round(schedule({ executor: 'constant-arrival-rate', rate: 3, durationMs: 1000 }).all), [0, 333.3, 666.7]);
  const { all, parsed } = schedule({ executor: 'constant-arrival-rate', rate: 500, durationMs: 3000 });
  t.is(all.length, 1500);
  t.is(requestedCycles(parsed), 1500);
  t.is(all.at(-1), 2998);
  t.true(all.every((x, i) => i === 0 || Math.abs(x - all[i - 1] - 2) < 1e-9));
});

test('ramping-arrival-rate: arrivals follow the integral of a linearly changing rate', (t) => {
  // 0 → 10/s over 1 s: N(t) = 5t², so arrival i comes at √(i/5) s.
  t.deepEqual(
    round(schedule({ executor: 'ramping-arrival-rate', startRate: 0, stages: [{ target: 10, durationMs: 1000 }] }).all),
    [0, 447.2, 632.5, 774.6, 894.4],
  );
  // Then flat at 10/s for 1 s (every 100 ms from 1000), then 10 → 0 over 1 s (5 more, ever further apart).
  const { all, parsed } = schedule({
    executor: 'ramping-arrival-rate',
    startRate: 0,
    stages: [
      { target: 10, durationMs: 1000 },
      { target: 10, durationMs: 1000 },
      { target: 0, durationMs: 1000 },
    ],
  });
  t.is(all.length, 20);
  t.is(requestedCycles(parsed), 20);
  t.deepEqual(round(all.slice(5, 15)), [1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900]);
  // N(τ) = 10τ − 5τ² in the last stage: arrival k at τ = 1 − √(1 − k/5) s.
  t.deepEqual(round(all.slice(15)), [2000, 2105.6, 2225.4, 2367.5, 2552.8]);
  t.true(all.every((x, i) => i === 0 || x > all[i - 1]));
  // A start rate: 100 → 300/s over 1 s is 200 arrivals, the first gap 1/100 s.
  const up = schedule({
    executor: 'ramping-arrival-rate',
    startRate: 100,
    stages: [{ target: 300, durationMs: 1000 }],
  }).all;
  t.is(up.length, 200);
  t.true(Math.abs(up[1] - 10) < 0.1);
  t.true(up.at(-1)! < 1000);
});

test('arrivals dealt over threads: each takes every n-th, together the exact schedule', (t) => {
  const e = executorSchema.parse({
    executor: 'ramping-arrival-rate',
    startRate: 50,
    stages: [{ target: 400, durationMs: 700 }],
  });
  if (e.executor === 'per-ue-iterations') throw new Error('unreachable');
  const all = [...arrivals(e)];
  const shares = [0, 1, 2].map((index) => [...arrivals(e, { index, of: 3 })]);
  t.deepEqual(
    shares[1],
    all.filter((_, i) => i % 3 === 1),
  );
  t.deepEqual(
    shares.flat().sort((a, b) => a - b),
    all,
  );
});

test('open model: arrivals that find maxInFlight cycles running are dropped, not queued', async (t) => {
  const clock = new VirtualClock();
  const startedAt: number[] = [];
  // 100/s for 1 s, each cycle 35 ms, at most 3 in flight: arrivals at 0, 10, 20 start; 30 finds
  // three running (dropped); 40, 50, 60 start as 0, 10, 20 end; 70 dropped ... 3 of every 4 start.
  const times = [
    ...arrivals({ executor: 'constant-arrival-rate', rate: 100, timeUnitMs: 1000, durationMs: 1000, maxInFlight: 3 }),
  ];
  const cycle = async () => {
    startedAt.push(clock.now());
    await clock.until(clock.now() + 35);
  };
  const capped = await clock.run(dispatchArrivals(times, 3, cycle, clock));
  t.deepEqual(capped, { started: 75, dropped: 25, maxLagMs: 0 });
  t.deepEqual(startedAt.slice(0, 6), [0, 10, 20, 40, 50, 60]);
  // Without the cap every arrival starts on time, whatever is still running (open model).
  const clock2 = new VirtualClock();
  const open = await clock2.run(dispatchArrivals(times, 1000, () => clock2.until(clock2.now() + 35), clock2));
  t.deepEqual(open, { started: 100, dropped: 0, maxLagMs: 0 });
});

test('closed model: each UE runs its iterations one after another, until maxDuration', async (t) => {
  const clock = new VirtualClock();
  const seen: string[] = [];
  const cycle = async (ue: number, it: number) => {
    seen.push(`${ue}.${it}@${clock.now()}`);
    await clock.until(clock.now() + 10);
  };
  const all = await clock.run(dispatchIterations(3, 4, 60_000, { index: 0, of: 1 }, cycle, clock));
  t.deepEqual(all, { started: 12, dropped: 0, maxLagMs: 0 });
  t.deepEqual(
    seen.filter((s) => s.startsWith('1.')),
    ['1.0@0', '1.1@10', '1.2@20', '1.3@30'],
  );
  const clock2 = new VirtualClock();
  const cut = await clock2.run(
    dispatchIterations(3, 4, 25, { index: 1, of: 2 }, () => clock2.until(clock2.now() + 10), clock2),
  );
  // Thread 1 of 2 has UE 1 only; it starts at 0, 10 and 20, then maxDuration (25 ms) has passed.
  t.deepEqual(cut, { started: 3, dropped: 0, maxLagMs: 0 });
});

test('thread reports merge: rates over the window, latency percentiles from the merged histograms, failures summed', (t) => {
  const e = executorSchema.parse({ executor: 'constant-arrival-rate', rate: 100, durationMs: 1000 });
  const tallies = [new Tally(), new Tally()];
  for (let i = 1; i <= 100; i++) tallies[i % 2].add({ kind: 'completed', setupMs: i }, i * 5);
  tallies[0].add({ kind: 'setup-failed', cause: 'Create Session: cause 73 No resources available' }, 10);
  tallies[1].add({ kind: 'release-failed', setupMs: 1, cause: 'Delete Session: timeout' }, 10);
  tallies[1].add({ kind: 'setup-failed', cause: 'Create Session: cause 73 No resources available' }, 10);
  const threads = tallies.map((x, i) => ({ ...x.report(), started: 51 + i, dropped: i, maxLagMs: i * 3 }));
  const r = mergeReports(e, 2, threads);
  t.is(r.requestedCycles, 100);
  t.is(r.requestedRate, 100);
  t.is(r.setups, 101);
  t.is(r.completed, 100);
  t.deepEqual(r.failures, { 'Create Session: cause 73 No resources available': 2, 'Delete Session: timeout': 1 });
  t.is(r.failureCount, 3);
  t.is(r.dropped, 1);
  t.is(r.maxLagMs, 3);
  // The last setup ended at 100·5 + 100 ms = 600 ms, inside the 1 s window: 101 setups/s.
  t.is(r.elapsedMs, 1000);
  t.is(r.achievedRate, 101);
  t.true(Math.abs(r.latency!.p50 - 50) < 0.1, String(r.latency!.p50));
  t.true(Math.abs(r.latency!.p99 - 99) < 0.1, String(r.latency!.p99));
  t.true(Math.abs(r.latency!.max - 100) < 0.1);
});
