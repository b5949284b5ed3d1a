import type { ScenarioContext } from '../../harness/runner/context.ts';
import {
  connectionEstablishmentRate,
  connectionTableCapacity,
  type StatefulNatTester,
} from '../../harness/traffic/stateful-natxy.ts';

/**
 * The judging of gateway/nat64-stateful, apart from its sockets so the same checks run over the
 * in-process NAT64 stand-in (test/unit/traffic/nat64-stateful-judge.test.ts): the RFC 9693 §4.4
 * establishment rate, then the §4.6 table capacity at half that rate, each a check on `nat64`.
 */
export const STEP = 300;
/** The table the NAT64 must hold at least: a gateway for a few hundred UEs, each with a few flows. */
export const TABLE_FLOOR = 2000;
/** Phase 2 validates at the step's own rate, at most this. */
const VALIDATION_PPS = 2000;
/**
 * How long each search may take (the gateway suite gives a scenario 30 s, the lab's start
 * included): the establishment search then reports the best rate it passed so far, the capacity
 * search "at least" what it filled.
 */
const ESTABLISHMENT_BUDGET_MS = 8000;
/** Both searches together; the capacity search gets what the establishment search left. */
const TOTAL_BUDGET_MS = 12_000;
/** The search's ceiling: a DUT that passes it is reported as carrying at least this. */
const MAX_PPS = 3000;

export async function judgeStatefulNat64(
  ctx: Pick<ScenarioContext, 'check' | 'metric' | 'fact' | 'signal'>,
  tester: StatefulNatTester,
  budgetMs = { establishment: ESTABLISHMENT_BUDGET_MS, total: TOTAL_BUDGET_MS },
): Promise<void> {
  const started = performance.now();
  // §4.4 first: its result gives the safe rate §4.6 fills the table at.
  const estBudget = AbortSignal.timeout(budgetMs.establishment);
  const est = await connectionEstablishmentRate(tester, {
    connections: STEP,
    minPps: 100,
    maxPps: MAX_PPS,
    validationPps: (rate) => Math.min(rate, VALIDATION_PPS),
    resolution: 0.2,
    signal: AbortSignal.any([ctx.signal, estBudget]),
  });
  ctx.fact(
    'establishment steps (phase 1 and phase 2 frames through)',
    est.trials.map((t) => `${t.ratePps}/s: ${t.received} of ${t.sent}${t.passed ? '' : ' ✗'}`).join(', '),
  );
  // Out of time before any step passed: a slow DUT not shown to fail (a SHOULD finding, not a MUST failure).
  const outOfTime = estBudget.aborted && est.throughputPps === 0;
  const ok = ctx.check(`connection establishment rate: ${STEP} new connections, each answered in phase 2`, {
    expected: 'a rate at which none is lost',
    observed:
      est.throughputPps > 0
        ? `${est.throughputPps >= MAX_PPS ? 'at least ' : ''}${est.throughputPps} connections/s (${est.trials.length} steps, ${est.stateLost} with state lost${estBudget.aborted ? ', the search cut short by its time budget' : ''})`
        : outOfTime
          ? `no step passed in ${budgetMs.establishment / 1000} s`
          : `none down to 100/s (loss ${((est.lossAtMinimum ?? 1) * 100).toFixed(1)} %)`,
    ok: est.throughputPps > 0,
    level: outOfTime ? 'SHOULD' : 'MUST',
    clause: 'RFC 9693 §4.4',
    element: 'nat64',
  });
  ctx.metric('nat64_connection_rate', est.throughputPps, 'connections/s');
  if (!ok) return;
  // §4.6 at half the establishment rate, within its share of the time left (a slow DUT gets "at least").
  const safe = Math.max(50, Math.round(est.throughputPps / 2));
  const budget = AbortSignal.timeout(Math.max(1000, Math.round(budgetMs.total - (performance.now() - started))));
  const cap = await connectionTableCapacity(tester, {
    startConnections: STEP,
    maxConnections: TABLE_FLOOR,
    ratePps: safe,
    validationPps: Math.min(safe, VALIDATION_PPS),
    resolution: 0.02,
    signal: AbortSignal.any([ctx.signal, budget]),
  });
  const failed = cap.steps.find((x) => !x.passed);
  const reached = cap.atLeast || failed !== undefined;
  ctx.check(`the NAT64 holds ${TABLE_FLOOR} connections (phase 1 at ${safe}/s through, phase 2 answered on each)`, {
    expected: `at least ${TABLE_FLOOR} connections`,
    observed: cap.atLeast
      ? `at least ${cap.capacity}`
      : failed
        ? `${cap.capacity} (at ${failed.connections}: ${failed.received} of ${failed.sent} frames of both phases came through)`
        : `at least ${cap.capacity}: ${TABLE_FLOOR} not reached at ${safe}/s in the time left`,
    ok: cap.atLeast,
    // A slow DUT that ran out of time before the floor is not shown to be short of it.
    level: reached ? 'MUST' : 'SHOULD',
    clause: 'RFC 9693 §4.6',
    element: 'nat64',
  });
  ctx.metric('nat64_connection_table', cap.capacity, 'connections');
  ctx.fact(
    'tear-down rate (RFC 9693 §4.5)',
    'not measured: it times a command that empties the NAT64 table, and the target declares none',
  );
}
