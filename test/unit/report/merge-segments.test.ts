import test from 'ava';
import * as hdr from 'hdr-histogram-js';
import { mergeSegments } from '../../../harness/report/merge-segments.ts';
import type { RunResults, ScenarioResult } from '../../../harness/report/results.ts';

/**
 * Merging the segments of one load: sums where the metric says sum, percentiles recomputed from
 * the added histograms (never the mean of the segments' percentiles), checks named per segment,
 * the worst status.
 */
function segment(i: number, latenciesUs: number[], status: ScenarioResult['status']): RunResults {
  const h = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  for (const v of latenciesUs) h.recordValue(v);
  const p = (q: number) => h.getValueAtPercentile(q) / 1000;
  const s: ScenarioResult = {
    id: 'core/s5-session-load',
    title: 'load',
    covers: ['MNO-CORE'],
    status,
    warnings: 0,
    durationMs: 1000 * i,
    checks: [{ name: 'rate', ok: status === 'passed', level: 'MUST', expected: 1, observed: 1 }],
    metrics: [
      { name: 'session_rate_achieved', value: 50, unit: 'sessions/s', merge: { op: 'sum' } },
      { name: 'setup_latency_p50', value: p(50), unit: 'ms', merge: { histogram: 'setup_latency', percentile: 50 } },
      {
        name: 'setup_latency_max',
        value: h.maxValue / 1000,
        unit: 'ms',
        merge: { histogram: 'setup_latency', percentile: 100 },
      },
      { name: 'plain', value: i, unit: 'x' },
    ],
    artifacts: [],
    series: [
      {
        name: 'sessions set up per second',
        unit: 'sessions/s',
        points: [
          [0, 10 * i],
          [1, 20],
        ],
      },
    ],
    histograms: [{ name: 'setup_latency', unit: 'us', hdr: hdr.encodeIntoCompressedBase64(h) }],
  };
  h.destroy();
  return { tool: 'v6harness', version: 'x', startedAt: '', target: 't', segment: `${i}/2`, scenarios: [s] };
}

test('segments merge: sums, percentiles from the added histograms, per-segment checks, worst status', (t) => {
  // Segment 1: 100 sessions at 1 ms; segment 2: 100 at 9 ms. Mean of p50s would say 5 ms.
  const [m] = mergeSegments([segment(1, Array(100).fill(1000), 'passed'), segment(2, Array(100).fill(9000), 'failed')]);
  const v = (n: string) => m.metrics.find((x) => x.name === n)?.value;
  t.is(v('session_rate_achieved'), 100);
  t.is(v('setup_latency_p50'), 1);
  t.true(Math.abs(v('setup_latency_max')! - 9) < 0.01);
  t.is(v('plain'), 1, 'a metric without a merge rule keeps the first segment’s value');
  t.is(m.status, 'failed');
  t.deepEqual(
    m.checks.map((c) => c.name),
    ['segment 1/2: rate', 'segment 2/2: rate'],
  );
  t.deepEqual(m.series?.[0].points, [
    [0, 30],
    [1, 40],
  ]);
  t.is(m.durationMs, 2000);
});
