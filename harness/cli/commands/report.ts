import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderHistory } from '../../report/history-html.ts';
import type { RunResults } from '../../report/results.ts';
import { readRuns } from '../../report/results-stream.ts';
import { UsageError } from '../../runner/errors.ts';
import { loadVerificationList } from '../../runner/verification.ts';
import { createReporters, withSummary } from '../reporters.ts';
import { runExitCode } from '../../runner/exit-code.ts';

/**
 * `report --from results.pb`: re-renders the last run of a results stream as html/junit/json
 * (into the stream's folder unless --report-dir says otherwise). Exit code as for `run`.
 */
export async function reportCommand(args: {
  from?: string;
  history?: string;
  'report-dir'?: string;
  reporter?: string;
}): Promise<number> {
  if (args.history) return historyReport(args.history, args['report-dir']);
  if (!args.from) throw new UsageError('report needs --from FILE (a results.pb written by run) or --history DIR');
  const file = resolve(args.from);
  if (!existsSync(file)) throw new UsageError(`no such results stream: ${args.from}`);
  let runs;
  try {
    runs = readRuns(file);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const last = runs.at(-1);
  if (!last) throw new UsageError(`${args.from} holds no run`);
  const reportDir = resolve(args['report-dir'] ?? dirname(file));
  const names = (args.reporter ?? 'junit,html,json').split(',').filter((n) => n !== 'pb' && n !== 'list');
  const reporters = withSummary(createReporters(names.join(','), loadVerificationList()));
  const plan = {
    suite: last.suite,
    target: last.target,
    total: last.scenarios.length,
    startedAt: new Date(last.startedAt),
    reportDir,
    version: last.version,
  };
  for (const r of reporters) await r.end(last, plan);
  process.stdout.write(
    `re-rendered ${last.scenarios.length} scenario(s) of run ${last.startedAt} (${runs.length} run(s) in stream) into ${reportDir}\n`,
  );
  return runExitCode(last.scenarios).code;
}

/**
 * `report --history DIR`: every results.json in DIR and its subfolders (one folder per nightly
 * run), oldest first, drawn as trends into DIR/history.html (or --report-dir).
 */
function historyReport(dir: string, out?: string): number {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`--history needs a folder of runs, got ${dir}`);
  const files: string[] = [];
  const walk = (d: string, depth: number) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && depth < 3) walk(join(d, e.name), depth + 1);
      else if (e.name === 'results.json') files.push(join(d, e.name));
    }
  };
  walk(root, 0);
  const runs: RunResults[] = [];
  for (const f of files) {
    try {
      runs.push(JSON.parse(readFileSync(f, 'utf8')) as RunResults);
    } catch (e) {
      throw new UsageError(`${f}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (runs.length === 0) throw new UsageError(`no results.json under ${dir}`);
  runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const target = resolve(out ?? root);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'history.html'), renderHistory(runs));
  process.stdout.write(`history of ${runs.length} run(s) written to ${join(target, 'history.html')}\n`);
  return 0;
}
