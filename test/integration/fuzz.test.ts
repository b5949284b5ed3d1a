import { readFileSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { AaaStandin } from '../../harness/elements/aaa/index.ts';
import { Pgw } from '../../harness/elements/pgw/index.ts';
import { radiusSecret } from '../../harness/lab/target.ts';
import { readCapture } from '../../harness/net/pcap/index.ts';
import { datagramOf, decodeIpPacket } from '../../harness/protocol/ip/index.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * `v6harness fuzz` (CLOUD-RESILIENCE): against correct stand-ins a short campaign ends with no
 * finding; against a PGW with a deliberate parser bug it exits 1 with a pcap whose datagrams,
 * replayed at a fresh buggy PGW, trigger the same bug.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
/**
 * Waits until the replayed datagrams have triggered the bug, or 10 s have passed: on a busy machine
 * the reproducer may be among the last of 800 datagrams the element handles (no fixed sleep).
 */
async function until(done: () => boolean): Promise<void> {
  for (const end = Date.now() + 10_000; !done() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
}

const fuzz = (args: string[]) =>
  execa(process.execPath, [bin, 'fuzz', ...args], { cwd: root, reject: false, timeout: 120_000 });

test('a short campaign against the correct stand-ins finds nothing and says what it sent', async (t) => {
  const dir = tempDir('fuzz');
  const r = await fuzz(['--minutes', '0.05', '--seed', '1', '--report-dir', dir]);
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  const m = r.stdout.match(/fuzz: (\d+) mutated datagrams \(.*\), (\d+) rejected with a decode error, 0 finding\(s\)/);
  t.truthy(m, r.stdout);
  t.true(Number(m![1]) > 5000 && Number(m![2]) > 1000, r.stdout);
  // The UPF is fuzzed on N4 (PFCP) and N3 (GTP-U) too.
  t.regex(r.stdout, /seed datagrams from .*\bupf, upf-u\b/);
});

test('a PGW with a parser bug is found, and the saved pcap reproduces it', async (t) => {
  const dir = tempDir('fuzz-bug');
  const base = loadTarget().target;
  const targetFile = join(dir, 'fragile.yaml');
  writeFileSync(
    targetFile,
    stringify({ ...base, name: 'fragile', elements: { pgw: { ...base.elements.pgw, faults: ['fragile-parser'] } } }),
  );
  const r = await fuzz(['--minutes', '0.05', '--seed', '2', '--target', targetFile, '--report-dir', dir]);
  t.is(r.exitCode, 1, r.stdout + r.stderr);
  const finding = r.stdout.match(
    /FINDING 1: pgw: TypeError: cannot read properties of IE type \d+ \(last \d+ datagrams to pgw: (\S+)\)/,
  );
  t.truthy(finding, r.stdout);
  const datagrams = readCapture(readFileSync(finding![1])).map((p) => datagramOf(decodeIpPacket(p.data))!.data);
  t.true(datagrams.length > 0);
  // Replay at a fresh PGW with the same bug: at least one datagram triggers it again.
  const errors: string[] = [];
  const pgw = new Pgw({
    address: '::1',
    restartCounter: 1,
    faults: ['fragile-parser'],
    apns: (base.elements.pgw as { apns: unknown }).apns as never,
    onError: (e) => errors.push(String(e)),
  });
  await pgw.start();
  const s = createSocket({ type: 'udp6', ipv6Only: true });
  await new Promise<void>((res) => s.bind(0, '::1', () => res()));
  for (const d of datagrams) s.send(d, pgw.endpoint.port, '::1');
  await until(() => errors.some((e) => e.startsWith('TypeError: cannot read properties of IE type')));
  s.close();
  await pgw.stop();
  t.true(
    errors.some((e) => e.startsWith('TypeError: cannot read properties of IE type')),
    errors.slice(0, 3).join('\n'),
  );
});

test('an AAA with a handler bug is found through re-signed RADIUS mutations, and the saved pcap reproduces it', async (t) => {
  const dir = tempDir('fuzz-aaa');
  const base = loadTarget().target;
  const targetFile = join(dir, 'fragile-aaa.yaml');
  writeFileSync(
    targetFile,
    stringify({
      ...base,
      name: 'fragile-aaa',
      elements: { aaa: { ...base.elements.aaa, faults: ['fragile-parser'] } },
    }),
  );
  const r = await fuzz(['--minutes', '0.05', '--seed', '3', '--target', targetFile, '--report-dir', dir]);
  t.is(r.exitCode, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /fuzz: 3 seed datagrams from aaa/);
  const finding = r.stdout.match(
    /FINDING 1: aaa: TypeError: cannot read properties of interface identifier \(prefix length [^)]+\) \(last \d+ datagrams to aaa: (\S+)\)/,
  );
  t.truthy(finding, r.stdout);
  const datagrams = readCapture(readFileSync(finding![1])).map((p) => datagramOf(decodeIpPacket(p.data))!.data);
  const errors: string[] = [];
  const aaa = new AaaStandin({
    address: '::1',
    port: 0,
    secret: radiusSecret(base.elements.aaa),
    faults: ['fragile-parser'],
    onError: (e) => errors.push(String(e)),
  });
  await aaa.start();
  const s = createSocket({ type: 'udp6', ipv6Only: true });
  await new Promise<void>((res) => s.bind(0, '::1', () => res()));
  for (const d of datagrams) s.send(d, aaa.endpoint.port, '::1');
  await until(() => errors.some((e) => e.startsWith('TypeError: cannot read properties of interface identifier')));
  s.close();
  await aaa.stop();
  t.true(
    errors.some((e) => e.startsWith('TypeError: cannot read properties of interface identifier')),
    errors.slice(0, 3).join('\n'),
  );
});
