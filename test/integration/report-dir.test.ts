import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import type { RunResults } from '../../harness/report/results.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The report folder is the user's (issue 16 item 7): a run never deletes what it did not write
 * (before, an existing pcap/ folder was removed whole), and a folder it cannot write is one line
 * and exit 2, found before anything runs, never a stack trace.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const v6h = (args: string[]) =>
  execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 120_000, env: { CI: '1' } });

test('files of the user in the report folder, pcap/ included, survive a run; the previous run’s own pcaps go', async (t) => {
  const dir = tempDir('report-dir');
  mkdirSync(join(dir, 'pcap'));
  writeFileSync(join(dir, 'pcap', 'my-capture.pcap'), 'mine');
  writeFileSync(join(dir, 'notes.txt'), 'mine too');
  const first = await v6h(['run', '--grep', 'core/s5-echo-restart-counter', '--report-dir', dir]);
  t.is(first.exitCode, 0, first.stdout + first.stderr);
  const ours = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults).scenarios[0].artifacts;
  t.true(
    ours.some((a) => a.startsWith('pcap/')),
    'the run wrote a pcap',
  );
  const second = await v6h(['run', '--grep', 'core/s5-pco-dns', '--report-dir', dir]);
  t.is(second.exitCode, 0, second.stdout + second.stderr);
  t.is(readFileSync(join(dir, 'pcap', 'my-capture.pcap'), 'utf8'), 'mine');
  t.is(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine too');
  for (const a of ours) t.false(existsSync(join(dir, a)), `${a} of the previous run is removed`);
});

test('a report folder that cannot be written: one line, exit 2, before anything runs', async (t) => {
  const dir = tempDir('report-dir');
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  // A path through a file; under /proc (not writable even for root; Node's recursive mkdir hung there);
  // and a read-only file system, where root can mount one (the tests run as root in CI).
  const ro = join(dir, 'read-only');
  mkdirSync(ro);
  const mounted =
    (await execa('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro], { reject: false })).exitCode === 0;
  if (!mounted && process.env.CI) t.fail('cannot mount a read-only tmpfs (CI is set: the tests run as root)');
  t.teardown(() => (mounted ? execa('umount', [ro], { reject: false }).then(() => undefined) : undefined));
  for (const bad of [join(file, 'reports'), '/proc/v6harness-reports', ...(mounted ? [join(ro, 'reports')] : [])]) {
    const r = await v6h(['run', '--grep', 'core/s5-echo', '--report-dir', bad]);
    t.is(r.exitCode, 2, `${r.signal ?? ''} ${r.stderr}`);
    t.regex(r.stderr, /^v6harness: cannot write the report directory .+ \((ENOTDIR|ENOENT|EACCES|EROFS)\)/);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.notRegex(r.stderr, /\n\s+at /, 'no stack trace');
    t.is(r.stdout, '', 'nothing ran');
  }
});
