import test from 'ava';
import { baselineSchema, evaluateBaseline } from '../../../harness/runner/baseline.ts';

const b = baselineSchema.parse({
  source: 'b',
  tolerance: 0.25,
  tolerances: { echo_rtt: 1 },
  metrics: { 's/x': { session_setup_rate: { value: 2000, unit: 'sessions/s' }, echo_rtt: { value: 1, unit: 'ms' } } },
});

test('a rate below baseline × (1 − tolerance) fails; at or above passes', (t) => {
  const [low] = evaluateBaseline('s/x', [{ name: 'session_setup_rate', value: 1000, unit: 'sessions/s' }], b);
  t.false(low.ok);
  t.is(low.expected, '≥ 1500 sessions/s (baseline 2000, tolerance 25 %)');
  t.true(evaluateBaseline('s/x', [{ name: 'session_setup_rate', value: 1500, unit: 'sessions/s' }], b)[0].ok);
});

test('a time may grow by its own tolerance; unknown scenarios and metrics are not compared', (t) => {
  t.true(evaluateBaseline('s/x', [{ name: 'echo_rtt', value: 2, unit: 'ms' }], b)[0].ok);
  t.false(evaluateBaseline('s/x', [{ name: 'echo_rtt', value: 2.1, unit: 'ms' }], b)[0].ok);
  t.deepEqual(evaluateBaseline('s/y', [{ name: 'echo_rtt', value: 9, unit: 'ms' }], b), []);
  t.deepEqual(evaluateBaseline('s/x', [{ name: 'other', value: 9, unit: 'ms' }], b), []);
});
