import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunResults } from '../report/results.ts';
import { UsageError } from './errors.ts';

/**
 * `--last-failed` (as in Playwright Test): the scenarios that failed or errored in the previous run
 * written to the report folder (DIR/results.json), and that run's suite.
 */
export function previousFailures(reportDir: string): { ids: string[]; suite?: string; file: string } {
  const file = join(reportDir, 'results.json');
  const shown = relative(process.cwd(), file) || file;
  if (!existsSync(file))
    throw new UsageError(`--last-failed: no previous run in ${shown} (run once with this --report-dir first)`);
  let run: RunResults;
  try {
    run = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  } catch (e) {
    throw new UsageError(`--last-failed: ${shown}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(run?.scenarios)) throw new UsageError(`--last-failed: ${shown} is not a v6harness results.json`);
  const ids = run.scenarios.filter((s) => s.status === 'failed' || s.status === 'error').map((s) => s.id);
  if (ids.length === 0)
    throw new UsageError(
      `--last-failed: nothing to rerun, no scenario failed or errored in the previous run (${shown}, ${run.startedAt})`,
    );
  return { ids, ...(run.suite ? { suite: run.suite } : {}), file };
}
