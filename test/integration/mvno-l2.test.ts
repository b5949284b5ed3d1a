import test from 'ava';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { failures, runAgainstFaultyPgw } from '../helpers/run-scenarios.ts';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** The mvno-l2 suite (the MNO side toward an MVNO's PGW and GGSN) and its example target. */
const root = fileURLToPath(new URL('../..', import.meta.url));

test('the example target validates and names the three elements an MVNO fills in', (t) => {
  const { target } = loadTarget(join(root, 'targets/mvno-l2.example.yaml'));
  t.deepEqual(Object.keys(target.elements).sort(), ['aaa', 'ggsn', 'pgw']);
  t.true(Object.values(target.elements).every((e) => e.kind === 'external'));
});

test('the mvno-l2 suite passes against the stand-ins', async (t) => {
  const r = await execa(process.execPath, [join(root, 'harness/cli/v6harness.js'), 'run', '--suite', 'mvno-l2', '--report-dir', mkdtempSync(join(tmpdir(), 'v6h-mvno-'))], { cwd: root, reject: false, timeout: 120_000 });
  t.is(r.exitCode, 0, r.stdout.slice(-2000));
  t.regex(r.stdout, /11 passed, 0 failed/);
});

test('an MVNO PGW that leaves DNS out of the PCO fails an MVNO-L2 scenario, naming the PGW', async (t) => {
  const [r] = await runAgainstFaultyPgw('core/s5-pco-dns', ['no-pco-dns']);
  t.is(r.status, 'failed');
  t.true(r.covers.includes('MVNO-L2'));
  t.is(r.element, 'pgw');
  t.true(failures(r).length > 0);
});
