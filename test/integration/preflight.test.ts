import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { createLab, targetSchema } from '../../harness/lab/index.ts';
import { noRecorder } from '../../harness/net/pcap/index.ts';
import { preflight } from '../../harness/runner/preflight/preflight.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Pre-flight (issue 16 item 3): an external target whose elements do not answer stops the run in
 * seconds with exit 2 and one line per element, instead of minutes of timeouts (before: 81 s,
 * 20 scenarios failed "of the element", exit 1). Elements either refuse (nothing bound: ICMP Port
 * Unreachable) or stay silent (a socket that never answers, a TCP peer that never speaks).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');

async function silentUdp(): Promise<UdpSocket> {
  const s = createSocket({ type: 'udp6', ipv6Only: true });
  await new Promise<void>((r) => s.bind(0, '::1', () => r()));
  return s;
}
async function mutedTcp(): Promise<Server> {
  const s = createServer(() => undefined);
  await new Promise<void>((r) => s.listen(0, '::1', () => r()));
  return s;
}
async function unusedUdpPort(): Promise<number> {
  const s = await silentUdp();
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
const portOf = (s: UdpSocket | Server) => (s.address() as { port: number }).port;

async function nodeStartS(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await execa(process.execPath, ['-e', '0']);
    times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[1];
}

test('an external target with nothing answering: exit 2 within 10 s, one line per element', async (t) => {
  const dir = tempDir('preflight');
  const [ggsn, dns64, aaa] = [await silentUdp(), await silentUdp(), await silentUdp()];
  const hss = await mutedTcp();
  t.teardown(() => {
    for (const s of [ggsn, dns64, aaa]) s.close();
    hss.close();
  });
  const at = (port: number) => ({ kind: 'external', address: '::1', port });
  const target = {
    name: 'nothing answers',
    provider: 'external',
    elements: {
      pgw: at(await unusedUdpPort()),
      sgw: at(await unusedUdpPort()),
      'pgw-u': at(await unusedUdpPort()),
      ggsn: at(portOf(ggsn)),
      dns64: at(portOf(dns64)),
      aaa: { ...at(portOf(aaa)), secret: 's3cret' },
      hss: at(portOf(hss)),
    },
  };
  const file = join(dir, 'target.yaml');
  writeFileSync(file, stringify(target));
  const suite = join(dir, 'suite.yaml');
  writeFileSync(
    suite,
    stringify({
      name: 'every kind',
      scenarios: [
        'core/s5-echo',
        'core/gn-pdp-context/*',
        'core/sxb-session',
        'backend/subscription-pdn-type/*',
        'gateway/dns64-synthesis',
        'backend/radius-ipv6-attributes',
      ],
    }),
  );
  await execa(process.execPath, [bin, 'list'], { cwd: root }); // the scenario index, built once
  const calibration = await nodeStartS();
  const t0 = performance.now();
  const r = await execa(process.execPath, [bin, 'run', '--suite', suite, '--target', file, '--report-dir', dir], {
    cwd: root,
    reject: false,
    timeout: 120_000,
    env: { CI: '1' },
  });
  const took = (performance.now() - t0) / 1000;
  t.is(r.exitCode, 2, r.stdout + r.stderr);
  // 10 s on a quiet machine; a busy one (node -e 0 slower than its ~50 ms) gets its start-up delay added.
  const budget = 10 + 20 * calibration;
  t.log(`exit 2 after ${took.toFixed(1)} s (budget ${budget.toFixed(1)} s, node -e 0 ${calibration.toFixed(3)} s)`);
  t.true(took < budget, `took ${took.toFixed(1)} s`);
  const lines = r.stderr.split('\n').filter((l) => l.trimStart().startsWith('✗'));
  t.is(lines.length, 7, r.stderr);
  for (const [name, why] of [
    ['pgw', /GTPv2 Echo Request refused \(ICMP Port Unreachable\)/],
    ['sgw', /GTPv2 Echo Request refused/],
    ['pgw-u', /PFCP Heartbeat Request refused/],
    ['ggsn', /no answer to GTPv1 Echo Request \(3 tries in [\d.]+ s\)/],
    ['dns64', /no answer to DNS SOA query for v6lab\.example/],
    ['aaa', /no answer to RADIUS Accounting-Request .* \(nor to Status-Server\)/],
    ['hss', /no Diameter answer \(timeout\) within 3 s/],
  ] as const)
    t.regex(r.stderr, new RegExp(`^  ✗ ${name}\\s+\\[::1\\]:\\d+\\s+.*${why.source}`, 'm'), name);
  t.regex(r.stderr, /^v6harness: pre-flight: 7 of 7 external element\(s\) did not answer/m);
  t.is(r.stdout, '', 'no scenario ran');
});

test('a probe takes only the right answer: a PGW that answers Echo with the wrong message type fails it', async (t) => {
  const lab = createLab(
    targetSchema.parse({ name: 'broken', elements: { pgw: { kind: 'standin', faults: ['echo-wrong-message-type'] } } }),
  );
  const session = await lab.open(['pgw'], { signal: new AbortController().signal, recorder: noRecorder });
  t.teardown(() => session.close());
  const pgw = session.elements.get('pgw')!;
  const [v] = await preflight(
    targetSchema.parse({
      name: 'pgw',
      provider: 'external',
      elements: { pgw: { kind: 'external', address: pgw.address, port: pgw.port } },
    }),
  );
  t.false(v.ok);
  t.regex(v.detail, /^no answer to GTPv2 Echo Request \(3 tries/);
});
