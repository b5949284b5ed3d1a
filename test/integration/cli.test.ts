import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { XMLParser } from 'fast-xml-parser';
import type { RunResults } from '../../harness/report/results.ts';
import { readCapture } from '../../harness/net/pcap/index.ts';
import { datagramOf, decodeIpPacket } from '../../harness/protocol/ip/index.ts';
import { dissect, field } from '../helpers/tshark.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const tmp = () => tempDir('cli');

function v6h(args: string[], opts: { cwd?: string } = {}) {
  return execa(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? root,
    reject: false,
    // Generous: a loaded 2-core machine takes tens of seconds to start tsx and load every scenario.
    timeout: 240_000,
    env: { CI: '1' },
  });
}
const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;

test('the default run passes on in-process stand-ins, echo scenarios first, and writes every report', async (t) => {
  const dir = tmp();
  const r = await v6h(['run', '--report-dir', dir]);
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  for (const f of ['results.json', 'junit.xml', 'report.html', 'results.pb']) t.true(existsSync(join(dir, f)), f);
  const res = results(dir);
  t.like(res, { tool: 'v6harness', suite: 'mno' });
  t.deepEqual(
    res.scenarios.slice(0, 2).map((s) => [s.id, s.status]),
    [
      ['core/s5-echo', 'passed'],
      ['core/gn-pdp-context/pdp-ipv6', 'passed'],
    ],
  );
  t.true(res.scenarios.some((s) => s.id === 'core/s5-echo-restart-counter'));
  t.true(
    res.scenarios.every((s) => s.status === 'passed'),
    JSON.stringify(res.scenarios.filter((s) => s.status !== 'passed')),
  );
  t.true(res.scenarios[0].metrics.some((m) => m.name === 'echo_rtt' && m.unit === 'ms'));
  t.regex(r.stdout, new RegExp(`scenarios\\.+: ${res.scenarios.length} passed, 0 failed, 0 error, 0 skipped`));
  // The in-process run still leaves a pcap of real IPv6/UDP/GTPv2 packets that tshark reads.
  const pcap = join(dir, res.scenarios[0].artifacts.find((a) => a.endsWith('.pcap'))!);
  t.is(readCapture(readFileSync(pcap)).length, 2);
  const packets = readCapture(readFileSync(pcap)).map((p) => datagramOf(decodeIpPacket(p.data))!);
  const pgwPort = packets[0].dst.port; // 2123 unless another test holds it
  const frames = await dissect(pcap, { decodeAs: [`udp.port==${pgwPort},gtp`] });
  t.deepEqual(
    frames.map((f) => field(f, 'gtpv2.message_type')),
    ['1', '2'],
  );
  t.deepEqual(
    frames.flatMap((f) => f.errors),
    [],
  );
});

test('a PGW answering Echo with the wrong message type fails the run (exit 1) with expected/observed everywhere', async (t) => {
  const dir = tmp();
  const r = await v6h(['run', '--target', 'targets/broken-echo.yaml', '--report-dir', dir, '--grep', 's5-echo']);
  t.is(r.exitCode, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /✗ PGW answers the Echo Request\s+\[MUST\]\s+TS 29\.274 §7\.1\.1, §7\.6\s+element: pgw/);
  t.regex(r.stdout, /expected: echo-response/);
  t.regex(
    r.stdout,
    /observed: no response from pgw at \[::1\]:\d+ after 3 tries .*received instead: echo-request with sequence \d+/,
  );
  const res = results(dir);
  t.true(res.scenarios.every((s) => s.status === 'failed' && s.element === 'pgw'));
  t.like(res.scenarios[0].checks[0], { ok: false, expected: 'echo-response', clause: 'TS 29.274 §7.1.1, §7.6' });
  const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
    readFileSync(join(dir, 'junit.xml'), 'utf8'),
  ) as {
    testsuites: { failures: string; testsuite: { testcase: { failure: { message: string } }[] } };
  };
  t.is(junit.testsuites.failures, '2');
  t.regex(
    junit.testsuites.testsuite.testcase[0].failure.message,
    /^PGW answers the Echo Request: expected echo-response, observed no response from pgw at \[::1\]:\d+ after 3 tries .*received instead: echo-request with sequence \d+ \(3 times\)/,
  );
});

test('a PGW that never answers fails with the retransmission count, never a hang', async (t) => {
  const dir = tmp();
  const r = await v6h([
    'run',
    '--target',
    'targets/broken-echo-silent.yaml',
    '--report-dir',
    dir,
    '--grep',
    'core/s5-echo',
  ]);
  t.is(r.exitCode, 1);
  t.regex(
    r.stdout,
    /observed: no response from pgw at \[::1\]:\d+ after 3 tries \(T3-RESPONSE 1000 ms, N3-REQUESTS 2\)/,
  );
  // Three Echo Requests on the wire, nothing back.
  const pcap = join(dir, results(dir).scenarios[0].artifacts.find((a) => a.endsWith('.pcap'))!);
  t.is(readCapture(readFileSync(pcap)).length, 3);
});

test('invalid YAML, an unknown suite, an unknown scenario, a bad option exit 2 with a message and no stack trace', async (t) => {
  const dir = tmp();
  const badTarget = join(dir, 'bad.yaml');
  writeFileSync(
    badTarget,
    'name: bad\nelements:\n  pgw:\n    kind: external\n    address: 2001:db8::1\n    port: seventy\n',
  );
  const cases: [string[], RegExp][] = [
    [['run', '--target', badTarget], /bad\.yaml:6: elements\.pgw\.port: Expected number, received string/],
    [['run', '--suite', 'nope'], /unknown suite "nope" \(no scenarios\/suites\/nope\.yaml\)/],
    [['run', '--suite', join(dir, 'missing.yaml')], /suite file not found/],
    [['run', '--grep', 'no-such-scenario'], /no scenario selected/],
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['run', '--timeout', 'soon'], /--timeout must be a positive number/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ];
  const suite = join(dir, 'suite.yaml');
  writeFileSync(suite, 'name: s\nscenarios:\n  - core/does-not-exist\n');
  cases.push([['run', '--suite', suite], /suite\.yaml: scenarios: unknown scenario "core\/does-not-exist"/]);
  for (const [args, msg] of cases) {
    const r = await v6h(args);
    t.is(r.exitCode, 2, args.join(' '));
    t.regex(r.stderr, msg, args.join(' '));
    t.notRegex(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

for (const [signal, code, how] of [
  ['SIGINT', 130, 'Ctrl-C'],
  ['SIGTERM', 143, 'SIGTERM'],
] as const)
  test(`${how} stops the run cleanly and still writes partial results, exit ${code}`, async (t) => {
    const dir = tmp();
    const child = execa(
      process.execPath,
      [bin, 'run', '--target', 'targets/broken-echo-silent.yaml', '--report-dir', dir, '--grep', 's5-echo'],
      { cwd: root, reject: false, env: { CI: '1' } },
    );
    // Interrupt once the run has started (the console reporter's first line is out).
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('scenario(s)') && resolve()),
    );
    await new Promise((r) => setTimeout(r, 500));
    child.kill(signal);
    const r = await child;
    t.is(r.exitCode, code, r.stdout + r.stderr);
    const res = results(dir);
    t.true(res.interrupted);
    t.deepEqual(
      res.scenarios.map((s) => s.status),
      ['error', 'skipped'],
    );
    t.is(res.scenarios[0].error, `interrupted (${how})`);
    t.regex(r.stderr, new RegExp(`interrupted \\(${how}\\)`));
    t.true(existsSync(join(dir, 'junit.xml')));
    t.true(existsSync(join(dir, 'report.html')));
  });

test('list --coverage marks items with no scenario as uncovered', async (t) => {
  const r = await v6h(['list', '--coverage']);
  t.is(r.exitCode, 0);
  t.regex(r.stdout, /^MNO-CORE\s+\d+ scenario\(s\)/m);
  t.regex(r.stdout, /^\s+core\/s5-echo$/m);
  t.regex(r.stdout, /^MNO-TERM\s+\d+ scenario\(s\)/m);
  t.regex(r.stdout, /^MNO-GATEWAY\s+\d+ scenario\(s\)/m);
  t.regex(r.stdout, /^MNO-BACKEND\s+\d+ scenario\(s\)/m);
  t.regex(r.stdout, /^\d+ of \d+ verification items covered, \d+ uncovered$/m);
  const plain = await v6h(['list']);
  t.regex(plain.stdout, /core\/s5-echo-restart-counter\s+MNO-CORE/);
});

test('report --from results.pb re-renders junit and html; appended runs are kept', async (t) => {
  const dir = tmp();
  // Two runs appended to one stream: a passing one (one scenario; the whole default suite is the
  // first test's, and here any of its scenarios failing on a loaded machine would change the
  // failure count), then a failing one (both Echo scenarios against the broken PGW).
  const first = await v6h(['run', '--report-dir', dir, '--grep', '^core/s5-echo$']);
  t.is(first.exitCode, 0, first.stdout + first.stderr);
  await v6h(['run', '--report-dir', dir, '--target', 'targets/broken-echo.yaml', '--grep', 's5-echo']);
  const out = join(dir, 'rerendered');
  const r = await v6h(['report', '--from', join(dir, 'results.pb'), '--report-dir', out]);
  t.is(r.exitCode, 1, r.stderr);
  t.regex(r.stdout, /2 run\(s\) in stream/);
  t.regex(readFileSync(join(out, 'junit.xml'), 'utf8'), /failures="2"/);
  t.regex(readFileSync(join(out, 'report.html'), 'utf8'), /MNO-CORE/);
  const bad = await v6h(['report', '--from', join(dir, 'nope.pb')]);
  t.is(bad.exitCode, 2);
});

test('--last-failed reruns the failures of the report folder; the summary is printed with --reporter json alone', async (t) => {
  const dir = tmp();
  const failed = await v6h([
    'run',
    '--target',
    'targets/broken-echo.yaml',
    '--report-dir',
    dir,
    '--grep',
    '^core/s5-echo',
    '--grep',
    '^core/s5-create-session/pdn-ipv6$',
    '--grep-invert',
    'restart',
    '--reporter',
    'json',
  ]);
  t.is(failed.exitCode, 1, failed.stdout + failed.stderr);
  t.deepEqual(
    results(dir).scenarios.map((s) => [s.id, s.status]),
    [
      ['core/s5-echo', 'failed'],
      ['core/s5-create-session/pdn-ipv6', 'passed'],
    ],
  );
  // No `list` reporter chosen: no per-scenario lines, but the summary with the failure by name.
  t.notRegex(failed.stdout, /^✗ core\/s5-echo/m);
  t.regex(failed.stdout, /scenarios\.+: 1 passed, 1 failed, 0 error, 0 skipped/);
  t.regex(
    failed.stdout,
    /1 did not pass:\n\s+✗ core\/s5-echo {2}element: pgw {2}PGW answers the Echo Request: expected/,
  );
  // The rerun takes only the failed scenario, of the previous run's suite, against the good PGW.
  const rerun = await v6h(['run', '--last-failed', '--report-dir', dir]);
  t.is(rerun.exitCode, 0, rerun.stdout + rerun.stderr);
  t.regex(rerun.stdout, /suite mno .* 1 scenario\(s\)/);
  t.regex(rerun.stdout, /^✓ core\/s5-echo {2}[\d.]+ ms {2}\(/m);
  t.deepEqual(
    results(dir).scenarios.map((s) => [s.id, s.status]),
    [['core/s5-echo', 'passed']],
  );
  const nothing = await v6h(['run', '--last-failed', '--report-dir', dir]);
  t.is(nothing.exitCode, 2);
  t.regex(nothing.stderr, /--last-failed: nothing to rerun, no scenario failed or errored in the previous run/);
  const matrix = await v6h(['run', '--grep', 's5u-throughput', '--param', 'innerLength=64']);
  t.is(matrix.exitCode, 2);
  t.regex(matrix.stderr, /innerLength is a matrix parameter of core\/s5u-throughput .*select an instance with --grep/);
});

test('a SHOULD-level finding is a warning count in the console summary and on the report’s first screen, exit 0', async (t) => {
  const dir = tmp();
  const target = join(dir, 'dns64-a-ttl.yaml');
  const standins = readFileSync(join(root, 'targets/standins.yaml'), 'utf8');
  t.regex(standins, /^ {2}dns64: \{ kind: standin \}$/m);
  writeFileSync(
    target,
    standins.replace(/^ {2}dns64: \{ kind: standin \}$/m, '  dns64: { kind: standin, faults: [a-ttl] }'),
  );
  const r = await v6h([
    'run',
    '--suite',
    'gateway',
    '--grep',
    '^gateway/dns64-ttl$',
    '--target',
    target,
    '--report-dir',
    dir,
  ]);
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /^✓ \(warn\) gateway\/dns64-ttl .*1 warning\)$/m);
  t.regex(r.stdout, /^ {4}⚠ .*TTL.* {2}\[SHOULD\]/m);
  t.regex(r.stdout, /warnings\.+: 1 SHOULD\/MAY-level finding\(s\) in 1 scenario\(s\)/);
  t.regex(
    r.stdout,
    /1 warning\(s\) \(the run does not fail on them unless the suite is strict\):\n\s+⚠ gateway\/dns64-ttl {2}.*TTL/,
  );
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  t.regex(html, /<span class="warnings-t"[^>]*>1 warning<\/span>/);
});
