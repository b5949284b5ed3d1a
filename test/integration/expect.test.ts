import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { stringify } from 'yaml';
import type { RunResults } from '../../harness/report/results.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * `run --expect FILE`: a DUT's known deviations. A PGW stand-in that answers Echo with an Echo
 * Request (targets/broken-echo.yaml) fails both echo scenarios; listed as known deviations they
 * end the run with 0, shown apart from failures in the console, results.json, junit.xml and
 * report.html; any change either way (another failed check, or a pass where a failure was listed)
 * is exit 1; a malformed file is exit 2.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');

function v6h(args: string[]) {
  return execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 60_000, env: { CI: '1' } });
}

const ECHO = 'PGW answers the Echo Request';
const deviation = (failedChecks?: string[]) => ({
  status: 'failed',
  reason: 'answers Echo Request with an Echo Request (message type 1)',
  clause: 'TS 29.274 §7.1.2',
  ...(failedChecks ? { failedChecks } : {}),
});

function expectFile(dir: string, scenarios: Record<string, unknown>): string {
  const file = join(dir, 'expected.yaml');
  writeFileSync(file, stringify({ dut: 'the broken-echo PGW stand-in', scenarios }));
  return file;
}

const run = (dir: string, target: string, file: string) =>
  v6h(['run', '--target', target, '--grep', 's5-echo', '--report-dir', dir, '--expect', file]);

test('known deviations end the run with 0 and are shown apart from failures in every report', async (t) => {
  const dir = tempDir('expect');
  const file = expectFile(dir, {
    'core/s5-echo': deviation([ECHO]),
    'core/s5-echo-restart-counter': deviation(),
  });
  const r = await run(dir, 'targets/broken-echo.yaml', file);
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /≈ core\/s5-echo\s/);
  t.regex(
    r.stdout,
    /known deviation: answers Echo Request with an Echo Request \(message type 1\) \(TS 29\.274 §7\.1\.2\)/,
  );
  t.regex(r.stdout, /scenarios\.+: 0 passed, 0 failed, 0 error, 0 skipped, 2 known deviation\(s\)/);
  const res = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
  t.deepEqual(
    res.scenarios.map((s) => [s.id, s.status, s.expected?.status, s.expected?.met]),
    [
      ['core/s5-echo', 'failed', 'failed', true],
      ['core/s5-echo-restart-counter', 'failed', 'failed', true],
    ],
  );
  t.is(res.scenarios[0].expected?.clause, 'TS 29.274 §7.1.2');
  const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
  t.regex(junit, /failures="0" errors="0" skipped="2"/);
  t.regex(junit, /<skipped message="known deviation \(failed\): answers Echo Request/);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  t.regex(html, /2 known deviation\(s\)/);
  t.regex(html, /<span class="badge deviation" title="failed">known deviation<\/span><code>core\/s5-echo<\/code>/);
});

test('a change either way is exit 1: another failed check than listed, or a pass where a failure is listed', async (t) => {
  const dir = tempDir('expect');
  const other = expectFile(dir, {
    'core/s5-echo': deviation(['Echo Response carries Recovery']),
    'core/s5-echo-restart-counter': deviation(),
  });
  const r = await run(dir, 'targets/broken-echo.yaml', other);
  t.is(r.exitCode, 1, r.stdout + r.stderr);
  t.regex(
    r.stdout,
    /changed: expected the failed checks \["Echo Response carries Recovery"\], got \["PGW answers the Echo Request"\]/,
  );
  // The stand-ins answer Echo correctly: a listed failure that no longer happens is a change too.
  const dir2 = tempDir('expect');
  const fixed = await run(dir2, 'targets/standins.yaml', expectFile(dir2, { 'core/s5-echo': deviation() }));
  t.is(fixed.exitCode, 1, fixed.stdout + fixed.stderr);
  t.regex(
    fixed.stdout,
    /changed: expected failed \(answers Echo Request with an Echo Request \(message type 1\)\), ended passed/,
  );
  const res = JSON.parse(readFileSync(join(dir2, 'results.json'), 'utf8')) as RunResults;
  t.like(
    res.scenarios.find((s) => s.id === 'core/s5-echo'),
    { status: 'passed', expected: { met: false } },
  );
  // An unlisted scenario must still pass: the restart-counter scenario is not in this file and failed above.
  const dir3 = tempDir('expect');
  const partial = await run(dir3, 'targets/broken-echo.yaml', expectFile(dir3, { 'core/s5-echo': deviation() }));
  t.is(partial.exitCode, 1, partial.stdout + partial.stderr);
  t.regex(partial.stdout, /✗ core\/s5-echo-restart-counter/);
});

test('an expected-results file that is not one is a usage error (exit 2) naming the field', async (t) => {
  const dir = tempDir('expect');
  const file = expectFile(dir, { 'core/s5-echo': { status: 'broken', reason: 'x', clause: 'y' } });
  const r = await run(dir, 'targets/broken-echo.yaml', file);
  t.is(r.exitCode, 2, r.stdout + r.stderr);
  t.regex(r.stderr, /scenarios\.core\/s5-echo\.status/);
  const missing = await run(dir, 'targets/broken-echo.yaml', join(dir, 'nope.yaml'));
  t.is(missing.exitCode, 2);
  t.regex(missing.stderr, /expected-results file not found/);
});
