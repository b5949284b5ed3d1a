import test from 'ava';
import fc from 'fast-check';
import { searchThroughput, type TrialResult } from '../../../harness/traffic/index.ts';

/** An element that carries up to `capacity` packets/s without loss and drops the excess. */
const element =
  (capacity: number, loss = 0) =>
  async (rate: number): Promise<TrialResult> => {
    const sent = rate;
    return { sent, received: Math.floor(Math.min(rate, capacity) * (1 - loss)) };
  };

test('the search finds the capacity from below, within its resolution (RFC 2544 §26.1: no loss at the reported rate)', async (t) => {
  await t.notThrowsAsync(
    fc.assert(
      fc.asyncProperty(fc.integer({ min: 1000, max: 1_000_000 }), async (capacity) => {
        const r = await searchThroughput({
          minPps: 1000,
          maxPps: 1_000_000,
          resolution: 0.02,
          trial: element(capacity),
        });
        return (
          r.throughputPps <= capacity &&
          r.throughputPps >= capacity * 0.96 &&
          r.trials.every((x) => x.passed === x.ratePps <= capacity)
        );
      }),
      { numRuns: 200 },
    ),
  );
});

test('an element faster than the maximum rate: one trial, the maximum is the result', async (t) => {
  const r = await searchThroughput({ minPps: 1000, maxPps: 50_000, trial: element(1e9) });
  t.is(r.throughputPps, 50_000);
  t.is(r.trials.length, 1);
});

test('constant loss: zero-loss throughput is 0 with the loss at the minimum reported; a tolerance above it passes the maximum', async (t) => {
  const lossy = await searchThroughput({ minPps: 1000, maxPps: 64_000, trial: element(1e9, 0.005) });
  t.is(lossy.throughputPps, 0);
  t.is(lossy.trials.at(-1)!.ratePps, 1000);
  t.true(Math.abs(lossy.lossAtMinimum! - 0.005) < 1e-9);
  const tolerant = await searchThroughput({
    minPps: 1000,
    maxPps: 64_000,
    lossTolerance: 0.01,
    trial: element(1e9, 0.005),
  });
  t.is(tolerant.throughputPps, 64_000);
});

test('a trial that could not offer its rate does not pass, whatever came back', async (t) => {
  const r = await searchThroughput({
    minPps: 1000,
    maxPps: 100_000,
    trial: async (rate) => ({
      sent: Math.min(rate, 30_000),
      received: Math.min(rate, 30_000),
      offeredPps: Math.min(rate, 30_000),
    }),
  });
  // Offering 95 % of a rate still counts as offering it: at most 30,000 / 0.95 passes.
  t.true(r.throughputPps <= 30_000 / 0.95 && r.throughputPps >= 28_000, String(r.throughputPps));
  t.true(r.trials.filter((x) => x.ratePps > 30_000 / 0.95).every((x) => !x.passed));
});

test('repetitions: the median is reported with min and max; p1/p99 from 20 repetitions on (RFC 8219 §7.1)', async (t) => {
  const capacities = [30_000, 50_000, 40_000];
  let rep = -1;
  let lastRate = Infinity;
  const r = await searchThroughput({
    minPps: 1000,
    maxPps: 100_000,
    repetitions: 3,
    trial: async (rate) => {
      if (rate === 100_000 && lastRate !== 100_000) rep++; // each repetition starts at the maximum
      lastRate = rate;
      return element(capacities[rep])(rate);
    },
  });
  t.is(r.repetitions.length, 3);
  t.is(r.throughputPps, [...r.repetitions].sort((a, b) => a - b)[1]);
  t.true(r.throughputPps <= 40_000 && r.throughputPps > 38_000);
  t.is(r.spread.p1, undefined);
  const many = await searchThroughput({
    minPps: 1000,
    maxPps: 100_000,
    repetitions: 20,
    resolution: 0.1,
    trial: element(20_000),
  });
  t.is(many.repetitions.length, 20);
  t.is(typeof many.spread.p99, 'number');
});

test('bad bounds are refused', async (t) => {
  await t.throwsAsync(searchThroughput({ minPps: 0, maxPps: 10, trial: element(5) }), {
    message: /0 < minPps ≤ maxPps/,
  });
});
