import { createLab, targetSchema, type Target } from '../../harness/lab/index.ts';
import { execute } from '../../harness/runner/execute.ts';
import { discoverScenarios } from '../../harness/runner/registry.ts';
import { suiteSchema } from '../../harness/runner/suite.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';
import { tempDir } from './temp-dir.ts';

/**
 * Runs scenarios (by id prefix) on the in-process lab against the default stand-in target with
 * the given faults injected into the PGW: the "broken element" half of every scenario's proof.
 */
export async function runAgainstFaultyPgw(
  idPrefix: string,
  faults: string[],
  timeoutS = 20,
): Promise<ScenarioResult[]> {
  return runAgainstFaulty('pgw', idPrefix, faults, timeoutS);
}

/** The same for any stand-in of the default target. */
export async function runAgainstFaulty(
  element: string,
  idPrefix: string,
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
  return runScenarios(idPrefix, target, timeoutS, params);
}

/**
 * Runs the scenarios whose id starts with `idPrefix` against `target`, without reporters.
 * Artifacts (pcaps, logs) are relative to `reportDir`.
 */
export async function runScenarios(
  idPrefix: string,
  target: Target,
  timeoutS = 20,
  params: Record<string, Record<string, string | number | boolean>> = {},
  reportDir = tempDir('broken'),
): Promise<ScenarioResult[]> {
  // A selector ending in "$" names one scenario exactly (core/sxb-session$ but not core/sxb-session-load).
  const exact = idPrefix.endsWith('$') ? idPrefix.slice(0, -1) : undefined;
  const instances = (await discoverScenarios()).filter((s) => (exact ? s.id === exact : s.id.startsWith(idPrefix)));
  if (instances.length === 0) throw new Error(`no scenario starts with ${idPrefix}`);
  const results = await execute({
    instances,
    lab: createLab(target),
    suite: suiteSchema.parse({ name: 'broken', scenarios: [exact ?? `${idPrefix}*`], params }),
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
