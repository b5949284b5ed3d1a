import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunResults } from '../../report/results.ts';
import { readRuns } from '../../report/results-stream.ts';
import { UsageError } from '../../runner/errors.ts';
import { loadVerificationList } from '../../runner/verification.ts';
import { createReporters, withSummary } from '../reporters.ts';
import { runExitCode } from '../../runner/exit-code.ts';
import { mergeSegments } from '../../report/merge-segments.ts';

/**
 * `merge DIR... [--report-dir OUT] [--reporter ...]`: joins the last run of each shard's
 * results.pb (`run --shard i/n` on several machines) into one run and renders it. Runs that are
 * segments of one load (`run --segment i/n`) are merged scenario by scenario instead
 * (report/merge-segments.ts). Exit code as for `run`: 0 only if every scenario of every shard passed.
 */
export async function mergeCommand(
  inputs: string[],
  args: { 'report-dir'?: string; reporter?: string },
): Promise<number> {
  if (inputs.length === 0)
    throw new UsageError('merge needs one or more report folders (or results.pb files) of shards');
  const runs: RunResults[] = inputs.map((p) => {
    const file = existsSync(p) && statSync(p).isDirectory() ? join(p, 'results.pb') : p;
    if (!existsSync(file)) throw new UsageError(`no results stream at ${file}`);
    let all: RunResults[];
    try {
      all = readRuns(resolve(file));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const last = all.at(-1);
    if (!last) throw new UsageError(`${file} holds no run`);
    return last;
  });
  const segmented = runs.every((r) => r.segment !== undefined);
  if (!segmented) {
    const ids = new Set<string>();
    for (const r of runs)
      for (const s of r.scenarios) {
        if (ids.has(s.id))
          throw new UsageError(`scenario ${s.id} is in more than one shard: were the shards of the same suite and n?`);
        ids.add(s.id);
      }
  }
  const merged: RunResults = {
    tool: 'v6harness',
    version: runs[0].version,
    startedAt: runs.map((r) => r.startedAt).sort()[0],
    target: [...new Set(runs.map((r) => r.target))].join(' + '),
    suite: [...new Set(runs.map((r) => r.suite ?? ''))].join(' + '),
    scenarios: segmented ? mergeSegments(runs) : runs.flatMap((r) => r.scenarios),
    ...(runs.some((r) => r.interrupted) ? { interrupted: true } : {}),
  };
  const reportDir = resolve(args['report-dir'] ?? join('reports', 'merged'));
  const reporters = withSummary(createReporters(args.reporter ?? 'list,json,junit,html,pb', loadVerificationList()));
  const plan = {
    suite: merged.suite,
    target: merged.target,
    total: merged.scenarios.length,
    startedAt: new Date(merged.startedAt),
    reportDir,
    version: merged.version,
  };
  for (const r of reporters) await r.begin?.(plan);
  for (const [i, s] of merged.scenarios.entries()) for (const r of reporters) await r.scenarioEnded?.(s, i);
  for (const r of reporters) await r.end(merged, plan);
  process.stdout.write(`merged ${runs.length} shard(s), ${merged.scenarios.length} scenario(s), into ${reportDir}\n`);
  return runExitCode(merged.scenarios).code;
}
