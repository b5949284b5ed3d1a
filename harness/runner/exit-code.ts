import type { ScenarioResult } from '../report/results.ts';

/**
 * The run's exit code (ARCHITECTURE.md): 0 nothing failed or errored and at least one scenario
 * passed; 1 a check failed or a scenario errored (or, with `strictSkips`, one was skipped); 2 the
 * run could not be made, which includes a run where every scenario was skipped: nothing was
 * checked, so nothing may be reported green. A skip says the target lacks what the scenario needs
 * (an element, an APN for a role, `internet:` hosts …): a gap in the declaration, not a failure
 * of the element, so it does not fail the run by itself.
 */
export function runExitCode(
  scenarios: readonly Pick<ScenarioResult, 'status' | 'expected'>[],
  opts: { strictSkips?: boolean } = {},
): { code: 0 | 1 | 2; reason?: string } {
  // With --expect, a scenario the file lists counts as passed when it ended as listed (a known
  // deviation of the DUT) and as failed on any change either way.
  const statusOf = (r: Pick<ScenarioResult, 'status' | 'expected'>): ScenarioResult['status'] =>
    r.expected ? (r.expected.met ? 'passed' : 'failed') : r.status;
  const count = (s: ScenarioResult['status']) => scenarios.filter((r) => statusOf(r) === s).length;
  const [passed, failed, error, skipped] = [count('passed'), count('failed'), count('error'), count('skipped')];
  if (failed + error > 0) return { code: 1 };
  if (opts.strictSkips && skipped > 0)
    return { code: 1, reason: `${skipped} scenario(s) skipped, and --strict-skips makes a skip fail the run` };
  if (passed === 0)
    return {
      code: 2,
      reason:
        scenarios.length === 0
          ? 'no scenario ran'
          : `no scenario ran: all ${skipped} were skipped (the reasons are above; the target declares too little for them)`,
    };
  return { code: 0 };
}
