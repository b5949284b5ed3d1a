import test from 'ava';
import { Nat64StandinTester } from '../../../harness/cli/bench/nat64-standin-tester.ts';
import type { CheckSpec } from '../../../harness/runner/context.ts';
import { judgeStatefulNat64, TABLE_FLOOR } from '../../../scenarios/gateway/nat64-stateful-judge.ts';

/**
 * gateway/nat64-stateful's judging (RFC 9693 §4.4 and §4.6) over the in-process NAT64 stand-in:
 * a sound one passes both checks; one whose state table is capped (nat64-state-table-limit, 1,000
 * bindings while packets still pass) fails the capacity check, naming nat64 and the size found.
 */
function recorder() {
  const checks: (CheckSpec & { name: string })[] = [];
  const metrics = new Map<string, number>();
  return {
    checks,
    metrics,
    ctx: {
      signal: new AbortController().signal,
      check: (name: string, spec: CheckSpec) => {
        const ok = spec.ok ?? JSON.stringify(spec.expected) === JSON.stringify(spec.observed);
        checks.push({ ...spec, name, ok });
        return ok;
      },
      metric: (name: string, value: number) => void metrics.set(name, value),
      fact: () => undefined,
    },
  };
}

test.serial('a sound NAT64 stand-in holds the table floor and establishes connections', async (t) => {
  const r = recorder();
  await judgeStatefulNat64(r.ctx, new Nat64StandinTester(), { establishment: 60_000, total: 120_000 });
  t.deepEqual(
    r.checks.map((c) => [c.element, c.ok]),
    [
      ['nat64', true],
      ['nat64', true],
    ],
    JSON.stringify(r.checks),
  );
  t.true((r.metrics.get('nat64_connection_rate') ?? 0) > 0);
  t.true((r.metrics.get('nat64_connection_table') ?? 0) >= TABLE_FLOOR);
});

test.serial('a NAT64 whose state table is capped fails the capacity check, naming nat64', async (t) => {
  const r = recorder();
  await judgeStatefulNat64(r.ctx, new Nat64StandinTester('2001:db8:64::/96', new Set(['nat64-state-table-limit'])), {
    establishment: 60_000,
    total: 120_000,
  });
  const cap = r.checks.find((c) => c.clause === 'RFC 9693 §4.6');
  t.like(cap, { ok: false, element: 'nat64', level: 'MUST' });
  t.regex(String(cap?.observed), /^\d+ \(at \d+: \d+ of \d+ frames/);
  // Not more than the stand-in holds; and exactly that within the bisection's 2 %.
  const found = r.metrics.get('nat64_connection_table') ?? 0;
  t.true(found <= 1000 && found >= 960, `${found}`);
});
