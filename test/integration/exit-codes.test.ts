import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { stringify } from 'yaml';
import type { RunResults } from '../../harness/report/results.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The exit codes (issue 16 item 2, ARCHITECTURE.md): a scenario the target cannot run is skipped
 * with the missing key named and does not fail the run; --strict-skips makes it fail; a run where
 * nothing ran is never 0. A GGSN-only target runs the Gn half of mvno-l2 (README: `--grep /gn-`):
 * before, the skipped AAA scenario made it exit 1.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const v6h = (args: string[]) =>
  execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 180_000, env: { CI: '1' } });

function ggsnOnlyTarget(dir: string): string {
  const { target } = loadTarget();
  const file = join(dir, 'ggsn-only.yaml');
  writeFileSync(
    file,
    stringify({
      name: 'ggsn only',
      provider: 'inproc',
      elements: { ggsn: { ...target.elements.ggsn, aaa: undefined } },
    }),
  );
  return file;
}

test('skips do not fail the run; --strict-skips does; nothing run is exit 2', async (t) => {
  const dir = tempDir('exit');
  const target = ggsnOnlyTarget(dir);
  const gn = ['run', '--suite', 'mvno-l2', '--grep', '/gn-', '--target', target];
  const r = await v6h([...gn, '--report-dir', join(dir, 'a')]);
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  const res = JSON.parse(readFileSync(join(dir, 'a', 'results.json'), 'utf8')) as RunResults;
  const skipped = res.scenarios.filter((s) => s.status === 'skipped');
  t.deepEqual(
    skipped.map((s) => [s.id, s.error]),
    [
      ['core/gn-user-plane', 'not run: the target declares no hosts behind Gi (internet: ipv4Only …)'],
      [
        'mvno/gn-radius-accounting',
        'not run: the target "ggsn only" has no element "aaa" (the scenario needs aaa, ggsn)',
      ],
    ],
  );
  t.true(res.scenarios.filter((s) => s.status === 'passed').length >= 5);

  const strict = await v6h([...gn, '--strict-skips', '--report-dir', join(dir, 'b')]);
  t.is(strict.exitCode, 1, strict.stdout + strict.stderr);
  t.regex(strict.stderr, /v6harness: 2 scenario\(s\) skipped, and --strict-skips makes a skip fail the run/);

  const none = await v6h(['run', '--grep', 'core/s5-echo', '--target', target, '--report-dir', join(dir, 'c')]);
  t.is(none.exitCode, 2, none.stdout + none.stderr);
  t.regex(none.stderr, /v6harness: no scenario ran: all 2 were skipped/);
});
