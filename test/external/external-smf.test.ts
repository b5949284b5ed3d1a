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
 * An external SMF (issue 20), tried on one we know: docs/targets.md's `targets/my-smf.yaml` with
 * the SMF and UPF stand-ins in a process of their own as "your SMF" and its UPF. The file gets only
 * what a user fills in (where they listen, the DNNs the SMF serves, the internet hosts); `target
 * check` probes the SMF's N11 as HTTP/2 (not GTPv2); the AMF stand-in of the file relays the PDU
 * sessions over N11 to it, and the PDU session scenarios pass with their 5GSM checks naming `smf`.
 * The same file with the SMF process gone: exit 2 at pre-flight, one line naming the SMF.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const v6h = (args: string[]) =>
  execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 300_000, env: { CI: '1' } });

function docBlock(file: string): string {
  const text = readFileSync(join(root, 'docs/targets.md'), 'utf8');
  const at = text.indexOf(`\`\`\`yaml\n# ${file}\n`);
  if (at < 0) throw new Error(`docs/targets.md has no ${file} example`);
  const start = text.indexOf('\n', at) + 1;
  return text.slice(start, text.indexOf('```', start));
}

test.serial(
  'docs’ targets/my-smf.yaml: the AMF stand-in relays PDU sessions to an external SMF over N11',
  async (t) => {
    const served = await startStandinServer(['smf']);
    let stopped = false;
    t.teardown(() => (stopped ? undefined : served.stop()));
    const smf = served.elements.smf!;
    const upf = served.elements.upf!;
    const standins = loadTarget().target;
    const declared = standins.elements.smf;
    if (declared?.kind !== 'standin') throw new Error('targets/standins.yaml has no SMF stand-in');
    const doc = parseDocument(docBlock('targets/my-smf.yaml'));
    doc.setIn(['elements', 'smf', 'address'], smf.address);
    doc.setIn(['elements', 'smf', 'port'], smf.port);
    // The stand-in's N4 port is chosen at run time and not announced: N4 is left undeclared here.
    doc.deleteIn(['elements', 'smf', 'n4Address']);
    doc.setIn(['elements', 'smf', 'dnns'], doc.createNode(declared.dnns));
    doc.setIn(['elements', 'upf', 'address'], upf.address);
    doc.setIn(['elements', 'upf', 'port'], upf.port);
    if (upf.userPlanePort) doc.setIn(['elements', 'upf', 'userPlanePort'], upf.userPlanePort);
    doc.setIn(['internet'], doc.createNode(standins.internet));
    doc.setIn(['limits'], doc.createNode({ messagesPerSecond: 5000, userPlanePacketsPerSecond: 100000 }));
    const dir = tempDir('external-smf');
    const file = join(dir, 'my-smf.yaml');
    writeFileSync(file, doc.toString());

    const check = await v6h(['target', 'check', '--target', file]);
    t.is(check.exitCode, 0, check.stdout + check.stderr);
    t.regex(
      check.stdout,
      /^✓ smf\s+\[::1\]:\d+\s+HTTP\/2 SETTINGS exchanged; Retrieve SM Context of an unknown context answered 404 \(CONTEXT_NOT_FOUND\)/m,
    );
    t.regex(check.stdout, /^✓ upf\s+\[::1\]:\d+\s+PFCP Heartbeat Response/m);

    const report = join(dir, 'report');
    const run = await v6h([
      'run',
      '--suite',
      'core5g',
      '--grep',
      '^core5g/(pdu-session/type-ipv6|pdu-session-user-plane/type-ipv6)$',
      '--target',
      file,
      '--report-dir',
      report,
    ]);
    t.is(run.exitCode, 0, run.stdout.slice(-4000) + run.stderr);
    t.regex(run.stdout, /^pre-flight: 2 external element\(s\) answer/m);
    const res = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as RunResults;
    t.deepEqual(
      res.scenarios.map((s) => [s.id, s.status]),
      [
        ['core5g/pdu-session-user-plane/type-ipv6', 'passed'],
        ['core5g/pdu-session/type-ipv6', 'passed'],
      ],
      JSON.stringify(res.scenarios.map((s) => [s.id, s.error, s.checks.filter((c) => !c.ok)])),
    );
    // The 5GSM decisions were the external SMF's, and the checks say so.
    t.true(res.scenarios.every((s) => s.checks.some((c) => c.element === 'smf' && c.ok)));

    // The SMF gone: the run stops at pre-flight, exit 2, one line naming it.
    await served.stop();
    stopped = true;
    const gone = await v6h([
      'run',
      '--suite',
      'core5g',
      '--grep',
      '^core5g/pdu-session/type-ipv6$',
      '--target',
      file,
      '--report-dir',
      join(dir, 'gone'),
    ]);
    t.is(gone.exitCode, 2, gone.stdout + gone.stderr);
    const lines = gone.stderr.split('\n').filter((l) => l.trimStart().startsWith('✗'));
    t.true(
      lines.some((l) => /✗ smf\s+\[::1\]:\d+\s+nothing listens there: TCP connection refused/.test(l)),
      gone.stderr,
    );
  },
);
