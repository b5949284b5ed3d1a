import test from 'ava';
import { failures, runAgainstFaulty } from '../helpers/run-scenarios.ts';

/**
 * The user-plane load scenarios (issue "Performance") can fail: the throughput search against a
 * PGW that forwards nothing to SGi, the IoT control loop against one whose user plane stalls for
 * 100 ms every second (nothing lost, so only the delay checks can catch it).
 */
const quick = {
  'core/s5u-throughput': { ues: 4, trialMs: 200, minPps: 1000, maxPps: 8000 },
  'ran/s1u-throughput': { ues: 4, trialMs: 200, minPps: 1000, maxPps: 8000 },
  'iot/control-loop': { devices: 4, intervalMs: 20, durationS: 3, budgetMs: 20 },
};

test('the throughput search and the control loop pass against the correct PGW stand-in', async (t) => {
  for (const id of ['core/s5u-throughput/innerlength-64', 'iot/control-loop']) {
    const [r] = await runAgainstFaulty('pgw', id, [], 60, quick);
    t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  }
});

test('a PGW whose SGi leads nowhere has no zero-loss throughput, and the check says so', async (t) => {
  const [r] = await runAgainstFaulty('pgw', 'core/s5u-throughput/innerlength-64', ['no-sgi'], 60, quick);
  t.is(r.status, 'failed');
  t.is(r.element, 'pgw');
  t.deepEqual(failures(r), [
    'zero-loss throughput of 64-octet inner IPv6 packets over 4 tunnels: expected "≥ 1000 packets/s with loss ≤ 0 %", observed "100.0 % lost even at 1000 packets/s"',
  ]);
  t.is(r.metrics.find((m) => m.name === 'throughput')?.value, 0);
});

test('a PGW whose user plane stalls 100 ms every second fails the control loop on delay, not on loss', async (t) => {
  const [r] = await runAgainstFaulty('pgw', 'iot/control-loop', ['user-plane-stalls'], 60, quick);
  t.is(r.status, 'failed');
  t.is(r.element, 'pgw');
  const bad = r.checks.filter((c) => !c.ok).map((c) => c.name);
  t.deepEqual(bad, [
    'round-trip delay p99 within the 20 ms budget',
    "worst second's p99 within the 20 ms budget (stability over time)",
  ]);
  const p99 = r.checks.find((c) => c.name.startsWith('round-trip delay p99'))!;
  t.regex(String(p99.observed), /^(\d+)\.\d{3} ms$/);
  t.true(Number.parseFloat(String(p99.observed)) > 50, String(p99.observed));
  // The time series shows it: per-second p99 well above the budget.
  const series = r.series?.find((s) => s.name === 'round-trip delay p99');
  t.truthy(series);
  t.true(series!.points.length >= 3);
  t.true(series!.points.some(([, v]) => v > 50));
});

test('the S1-U throughput search passes against the correct SGW and PGW stand-ins', async (t) => {
  // Through both stand-ins: S11 attaches, S1-U → SGW → S5/S8-U → PGW → SGi echo and back.
  const [r] = await runAgainstFaulty('sgw', 'ran/s1u-throughput/innerlength-64', [], 60, quick);
  t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  t.true((r.metrics.find((m) => m.name === 'throughput')?.value ?? 0) >= 1000);
  t.true((r.metrics.find((m) => m.name === 'throughput_s1u')?.value ?? 0) > 0);
});
