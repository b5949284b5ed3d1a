import { createLab, targetSchema, type Target } from '../../harness/lab/index.ts';
import { execute } from '../../harness/runner/execute.ts';
import { discoverScenarios } from '../../harness/runner/registry.ts';
import { type Selection, selectScenarios } from '../../harness/runner/selection.ts';
import { suiteSchema } from '../../harness/runner/suite.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';
import { tempDir } from './temp-dir.ts';

/**
 * Runs scenarios (selected as in a suite file, see harness/runner/selection.ts) on the in-process lab against the default stand-in target with
 * the given faults injected into the PGW: the "broken element" half of every scenario's proof.
 */
export async function runAgainstFaultyPgw(
  selector: string | Selection,
  faults: string[],
  timeoutS = 20,
): Promise<ScenarioResult[]> {
  return runAgainstFaulty('pgw', selector, faults, timeoutS);
}

/** The same for any stand-in of the default target. */
export async function runAgainstFaulty(
  element: string,
  selector: string | Selection,
  faults: string[],
  timeoutS = 20,
  params: Record<string, Record<string, string | number | boolean>> = {},
): Promise<ScenarioResult[]> {
  const base = loadTarget().target;
  const el = base.elements[element];
  const target: Target = targetSchema.parse({
    ...base,
    name: `${element} with ${faults.join(', ') || 'no faults'}`,
    elements: { ...base.elements, [element]: { ...el, faults } },
  });
  return runScenarios(selector, target, timeoutS, params);
}

/**
 * Runs the scenarios `selector` picks against `target`, without reporters. The selector is a suite
 * file's pattern, chosen by the runner's selection (harness/runner/selection.ts) as `run` does: a
 * scenario id (all its instances: `core/s5u-throughput`), an instance id
 * (`core/s5u-throughput/innerlength-64`) or a prefix ending in `*` (`gateway/dns64-*`).
 * Artifacts (pcaps, logs) are relative to `reportDir`.
 */
export async function runScenarios(
  selector: string | Selection,
  target: Target,
  timeoutS = 20,
  params: Record<string, Record<string, string | number | boolean>> = {},
  reportDir = tempDir('broken'),
): Promise<ScenarioResult[]> {
  const sel: Selection = typeof selector === 'string' ? { patterns: [selector] } : selector;
  const instances = selectScenarios(await discoverScenarios(), { ...sel, source: 'runScenarios' });
  const results = await execute({
    instances,
    lab: createLab(target),
    suite: suiteSchema.parse({ name: 'broken', scenarios: sel.patterns ?? ['*'], params }),
    targetName: target.name,
    version: 'test',
    reportDir,
    reporters: [],
    timeoutS,
    interrupt: new AbortController().signal,
  });
  return results.scenarios;
}

/** The failed checks of a result, as "name: expected X, observed Y". */
export function failures(r: ScenarioResult): string[] {
  return r.checks
    .filter((c) => !c.ok)
    .map((c) => `${c.name}: expected ${JSON.stringify(c.expected)}, observed ${JSON.stringify(c.observed)}`);
}
