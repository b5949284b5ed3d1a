import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { parseDocument } from 'yaml';
import type { RunResults } from '../../harness/report/results.ts';
import { startStandinServer } from '../helpers/standin-server.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The README's and docs/targets.md's `targets/my-pgw.yaml` runs as written (issue 16: the first
 * example used to fail every S5 scenario): the PGW stand-in, in a process of its own, is "your PGW";
 * the file gets only what a user fills in, where the PGW listens. `target check` passes and the
 * `core` suite (but its rate searches) fails nothing: what the file does not declare (a tiny pool, a GGSN, a PGW-U…)
 * is skipped with the key or element named.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const v6h = (args: string[]) =>
  execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 600_000, env: { CI: '1' } });

const block = (doc: string, file: string) => {
  const text = readFileSync(join(root, doc), 'utf8');
  const at = text.indexOf(`\`\`\`yaml\n# ${file}\n`);
  if (at < 0) throw new Error(`${doc} has no ${file} example`);
  const start = text.indexOf('\n', at) + 1;
  return text.slice(start, text.indexOf('```', start));
};

test("the README's targets/my-pgw.yaml: target check passes and the core suite fails nothing", async (t) => {
  const readme = block('README.md', 'targets/my-pgw.yaml');
  t.is(readme, block('docs/targets.md', 'targets/my-pgw.yaml'), 'README and docs/targets.md show the same file');
  const served = await startStandinServer(['pgw']);
  t.teardown(() => served.stop());
  const doc = parseDocument(readme);
  const pgw = served.elements.pgw!;
  doc.setIn(['elements', 'pgw', 'address'], pgw.address);
  doc.setIn(['elements', 'pgw', 'port'], pgw.port);
  if (pgw.userPlanePort) doc.setIn(['elements', 'pgw', 'userPlanePort'], pgw.userPlanePort);
  const dir = tempDir('doc-targets');
  const file = join(dir, 'my-pgw.yaml');
  writeFileSync(file, doc.toString());

  const check = await v6h(['target', 'check', '--target', file]);
  t.is(check.exitCode, 0, check.stdout + check.stderr);
  t.regex(check.stdout, /^✓ pgw\s+\[::1\]:\d+\s+GTPv2 Echo Response/m);

  const report = join(dir, 'report');
  // Without the rate searches (s5u-throughput, *-session-load): what they reach on a loaded CI machine
  // says more about the machine than the file, and test/perf judges them against calibrations.
  const run = await v6h([
    'run',
    '--suite',
    'core',
    '--grep-invert',
    'throughput|session-load',
    '--target',
    file,
    '--report-dir',
    report,
  ]);
  t.is(run.exitCode, 0, run.stdout.slice(-4000) + run.stderr);
  const res = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as RunResults;
  const bad = res.scenarios.filter((s) => s.status === 'failed' || s.status === 'error');
  t.deepEqual(
    bad.map((s) => s.id),
    [],
    JSON.stringify(bad.map((s) => [s.id, s.error, s.checks.filter((c) => !c.ok)])),
  );
  // The S5 scenarios ran; what was skipped names what the target lacks.
  const passed = res.scenarios.filter((s) => s.status === 'passed').map((s) => s.id);
  for (const id of ['core/s5-echo', 'core/s5-create-session/pdn-ipv6', 'core/s5-internet', 'core/s5-pco-dns'])
    t.true(
      passed.some((p) => p.startsWith(id)),
      `${id} passed (passed: ${passed.join(' ')})`,
    );
  for (const s of res.scenarios.filter((x) => x.status === 'skipped'))
    t.regex(s.error ?? '', /has no element "[a-z0-9-]+"|declares no |elements\.pgw declares no APN for roles\./, s.id);
});
