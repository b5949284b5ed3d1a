import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { parseDocument } from 'yaml';
import type { RunResults } from '../../harness/report/results.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { startStandinServer } from '../helpers/standin-server.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The user's path with their own elements (issue 16, "done means"), tried on elements we know:
 * the in-process stand-ins, run in a process of their own and reached as `kind: external`.
 * `target init` writes the template; the test fills in what a user would (addresses, ports, the
 * APNs, hosts and subscribers the elements really have); `target check` probes each element;
 * `run` passes, and skips only what an external target cannot give (an external AAA's records).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const v6h = (args: string[]) =>
  execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 300_000, env: { CI: '1' } });

const ELEMENTS = ['pgw', 'sgw', 'ggsn', 'pgw-u', 'dns64', 'aaa', 'hss'];

test('target init → fill in → target check → run, against the stand-ins as external elements', async (t) => {
  const dir = tempDir('external');
  const file = join(dir, 'mine.yaml');
  const init = await v6h(['target', 'init', '--elements', ELEMENTS.join(','), '--out', file, '--name', 'mine']);
  t.is(init.exitCode, 0, init.stderr);
  // The template validates as written (documentation addresses), and init never overwrites a file.
  const again = await v6h(['target', 'init', '--elements', 'pgw', '--out', file]);
  t.is(again.exitCode, 2);
  t.regex(again.stderr, /exists; it is left as it is/);

  const served = await startStandinServer(ELEMENTS);
  t.teardown(() => served.stop());
  const standins = loadTarget().target;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const [name, at] of Object.entries(served.elements)) {
    doc.setIn(['elements', name, 'address'], at.address);
    doc.setIn(['elements', name, 'port'], at.port);
    if (at.userPlanePort) doc.setIn(['elements', name, 'userPlanePort'], at.userPlanePort);
    const declared = standins.elements[name];
    if (declared.kind === 'standin' && Object.keys(declared.apns).length)
      doc.setIn(['elements', name, 'apns'], doc.createNode(declared.apns));
  }
  const hss = standins.elements.hss;
  if (hss.kind === 'standin') {
    doc.setIn(['elements', 'hss', 'subscribers'], doc.createNode(hss.subscribers));
    doc.setIn(['elements', 'hss', 'homePlmn'], hss.homePlmn);
    doc.deleteIn(['elements', 'hss', 'diameterRealm']);
  }
  const aaa = standins.elements.aaa;
  if (aaa.kind === 'standin') doc.setIn(['elements', 'aaa', 'secret'], aaa.secret);
  doc.setIn(['internet'], doc.createNode(standins.internet));
  doc.setIn(['limits'], doc.createNode({ messagesPerSecond: 5000, userPlanePacketsPerSecond: 100000 }));
  writeFileSync(file, doc.toString());

  const check = await v6h(['target', 'check', '--target', file]);
  t.is(check.exitCode, 0, check.stdout + check.stderr);
  for (const [name, answer] of [
    ['pgw', /GTPv2 Echo Response in [\d.]+ ms, restart counter 1/],
    ['sgw', /GTPv2 Echo Response/],
    ['ggsn', /GTPv1 Echo Response/],
    ['pgw-u', /PFCP Heartbeat Response/],
    ['dns64', /DNS answer \(\w+\) to SOA v6lab\.example/],
    ['aaa', /Accounting-Response to (Status-Server|an Interim-Update)/],
    ['hss', /Diameter CEA 2001 and DWA 2001/],
  ] as const)
    t.regex(check.stdout, new RegExp(`^✓ ${name}\\s+\\[::1\\]:\\d+\\s+${answer.source}`, 'm'), name);
  t.regex(check.stdout, /pgw: APN roles dualStack=internet ipv6Only=v6only ipv4Only=v4only singleAddress=single/);

  // One run over what every element kind serves.
  const suite = join(dir, 'suite.yaml');
  writeFileSync(
    suite,
    [
      'name: external-standins',
      'timeout: 60',
      'scenarios:',
      ...[
        'core/s5-echo',
        'core/s5-create-session/*',
        'core/s5-router-advertisement',
        'core/s5-internet',
        'core/gn-pdp-context/*',
        'core/sxb-session',
        'ran/s11-attach',
        'backend/subscription-pdn-type/*',
        'backend/radius-ipv6-attributes',
        'gateway/dns64-synthesis',
        'mvno/radius-accounting',
      ].map((s) => `  - ${s}`),
      '',
    ].join('\n'),
  );
  const report = join(dir, 'report');
  const run = await v6h(['run', '--suite', suite, '--target', file, '--report-dir', report]);
  t.is(run.exitCode, 0, run.stdout.slice(-4000) + run.stderr);
  t.regex(run.stdout, /^pre-flight: 7 external element\(s\) answer/m);
  const res = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as RunResults;
  const notPassed = res.scenarios.filter((s) => s.status !== 'passed');
  t.deepEqual(
    notPassed.map((s) => [s.id, s.status]),
    [['mvno/radius-accounting', 'skipped']],
    JSON.stringify(notPassed.map((s) => [s.id, s.error, s.checks.filter((c) => !c.ok)])),
  );
  t.regex(notPassed[0]?.error ?? '', /^not run: the lab cannot read the accounting records of an external AAA at ::1/);
});
