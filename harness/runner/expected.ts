import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ScenarioResult } from '../report/results.ts';
import { UsageError } from './errors.ts';
import { loadYamlFile } from './yaml-file.ts';

/**
 * Expected results per DUT (`--expect FILE`), as Osmocom's suites keep an expected-results file per
 * element: scenario id → the status it is known to end with, why (what the element does), and the
 * clause it deviates from. A run with expectations passes when every scenario ends as expected
 * (a listed one with its listed status — and, where the file names them, with exactly those
 * failed checks — every other one passed), and fails on any change, either way: a new failure
 * of the DUT, or a listed deviation that no longer happens (the file is out of date).
 */
const status = z.enum(['passed', 'failed', 'error', 'skipped']);

export const expectationSchema = z
  .object({
    status,
    /** What the element does instead, in a sentence a test engineer can act on. */
    reason: z.string().min(1),
    /** The clause it deviates from (e.g. `TS 29.274 §7.2.10`). */
    clause: z.string().min(1),
    /** The failed MUST checks, by name: when given, another failure of the same scenario is a change. */
    failedChecks: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const expectationsFileSchema = z
  .object({
    /** The element (and its version) these results belong to. */
    dut: z.string().min(1),
    scenarios: z.record(
      z.string().regex(/^[a-z0-9][a-z0-9/._-]*$/, 'scenario ids are lowercase, slash-separated'),
      expectationSchema,
    ),
  })
  .strict();

export type Expectation = z.infer<typeof expectationSchema>;
export type Expectations = z.infer<typeof expectationsFileSchema>;

export function loadExpectations(file: string): Expectations {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`expected-results file not found: ${file}`);
  return loadYamlFile(path, expectationsFileSchema);
}

/** The failed checks that decide a scenario's status (MUST, or any level in a strict suite). */
function failedCheckNames(r: ScenarioResult, strict: boolean): string[] {
  return r.checks.filter((c) => !c.ok && (c.level === 'MUST' || strict)).map((c) => c.name);
}

/**
 * Marks `r` with its expectation (results.json `expected`), and says whether it ended as expected.
 * `asExpected` is false for a listed scenario that ended otherwise, e.g. passed where it was known
 * to fail: the DUT changed (or was fixed) and the file must say so.
 */
export function applyExpectation(
  r: ScenarioResult,
  e: Expectations | undefined,
  strict = false,
): { result: ScenarioResult; asExpected: boolean; why?: string } {
  const x = e?.scenarios[r.id];
  if (!x) return { result: r, asExpected: r.status === 'passed' };
  let why: string | undefined;
  if (r.status !== x.status) why = `expected ${x.status} (${x.reason}), ended ${r.status}`;
  else if (x.failedChecks) {
    const got = failedCheckNames(r, strict).sort();
    const want = [...x.failedChecks].sort();
    if (got.join('\n') !== want.join('\n'))
      why = `expected the failed checks ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
  }
  const result: ScenarioResult = {
    ...r,
    expected: {
      status: x.status,
      reason: x.reason,
      clause: x.clause,
      met: why === undefined,
      ...(why ? { change: why } : {}),
    },
  };
  return { result, asExpected: why === undefined, ...(why ? { why } : {}) };
}
