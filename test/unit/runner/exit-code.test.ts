import test from 'ava';
import { runExitCode } from '../../../harness/runner/exit-code.ts';
import type { Status } from '../../../harness/report/results.ts';

const run = (...statuses: Status[]) => statuses.map((status) => ({ status }));

test('0: nothing failed and at least one passed, skips included', (t) => {
  t.is(runExitCode(run('passed')).code, 0);
  t.is(runExitCode(run('passed', 'skipped', 'skipped')).code, 0);
});

test('1: a failed or errored scenario, whatever else passed', (t) => {
  t.is(runExitCode(run('passed', 'failed')).code, 1);
  t.is(runExitCode(run('skipped', 'error')).code, 1);
});

test('--strict-skips: a skip fails the run, and says so', (t) => {
  const r = runExitCode(run('passed', 'skipped'), { strictSkips: true });
  t.is(r.code, 1);
  t.regex(r.reason ?? '', /1 scenario\(s\) skipped, and --strict-skips/);
  t.is(runExitCode(run('passed'), { strictSkips: true }).code, 0);
});

test('2: never 0 when no scenario ran (all skipped, or none at all)', (t) => {
  const r = runExitCode(run('skipped', 'skipped'));
  t.is(r.code, 2);
  t.regex(r.reason ?? '', /no scenario ran: all 2 were skipped/);
  t.is(runExitCode([]).code, 2);
});
