import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readRuns } from '../../report/results-stream.ts';
import { UsageError } from '../../runner/errors.ts';
import { loadVerificationList } from '../../runner/verification.ts';
import { createReporters } from '../reporters.ts';

/**
 * `report --from results.pb`: re-renders the last run of a results stream as html/junit/json
 * (into the stream's folder unless --report-dir says otherwise). Exit code as for `run`.
 */
export async function reportCommand(args: { from?: string; 'report-dir'?: string; reporter?: string }): Promise<number> {
  if (!args.from) throw new UsageError('report needs --from FILE (a results.pb written by run)');
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
  const reporters = createReporters(names.join(','), loadVerificationList());
  const plan = { suite: last.suite, target: last.target, total: last.scenarios.length, startedAt: new Date(last.startedAt), reportDir, version: last.version };
  for (const r of reporters) await r.end(last, plan);
  process.stdout.write(`re-rendered ${last.scenarios.length} scenario(s) of run ${last.startedAt} (${runs.length} run(s) in stream) into ${reportDir}\n`);
  return last.scenarios.length > 0 && last.scenarios.every((s) => s.status === 'passed') ? 0 : 1;
}
