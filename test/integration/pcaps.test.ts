import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import type { RunResults } from '../../harness/report/results.ts';
import { readCapture } from '../../harness/protocol/pcap/index.ts';
import { decodeUdpPacket } from '../../harness/protocol/udpip/datagram.ts';
import { dissect } from '../helpers/tshark.ts';

/**
 * The core issue's "done means": every scenario saves a pcap, and the pcaps of full core and RAN
 * runs on the in-process lab dissect in tshark with no malformed packet and no error-level expert
 * info. In-process elements listen on run-time ports, so each pcap's ports are handed to tshark
 * as GTP (first octet: version 1 with PT=1, or version 2) or PFCP (version 1, PT bit 0), when the
 * header's length field matches the datagram; the backend suite's Diameter (TCP 3868) and DNS
 * (UDP 53) are dissected by their registered ports.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');

function decodeAsFor(pcap: string): string[] {
  const ports = new Map<number, string>();
  for (const p of readCapture(readFileSync(pcap))) {
    const u = decodeUdpPacket(p.data);
    if (!u || u.payload.length === 0) continue;
    // DNS (the DNS64 stand-in on 53) is dissected by port; its random IDs would look like GTP or PFCP.
    if (u.src.port === 53 || u.dst.port === 53) continue;
    const b = u.payload[0];
    // The header's length field must fit too (GTPv1/PFCP: octets after the first 4; GTPv2: likewise),
    // so that a DNS query whose random ID happens to start like a GTP header is not taken for one.
    if (u.payload.length < 4 || u.payload.readUInt16BE(2) !== u.payload.length - (b >> 5 === 1 && (b & 0x10) !== 0 ? 8 : 4)) continue;
    const proto = b >> 5 === 2 || (b >> 5 === 1 && (b & 0x10) !== 0) ? 'gtp' : b >> 5 === 1 ? 'pfcp' : undefined;
    if (!proto) continue;
    // The element's side of the datagram: the well-known or lab port, whichever end is not ephemeral-looking for a driver.
    for (const port of [u.src.port, u.dst.port]) if (!ports.has(port)) ports.set(port, proto);
  }
  return [...ports].map(([port, proto]) => `udp.port==${port},${proto}`);
}

/** The core and RAN suites whole, and the Happy Eyeballs scenarios (IPv4 and IPv6 inside GTP-U, DNS, TCP). */
const RUNS: [string, string[]][] = [
  ['core', ['--suite', 'core']],
  ['ran', ['--suite', 'ran']],
  ['terminal-happy-eyeballs', ['--suite', 'terminal', '--grep', 'happy-eyeballs']],
  ['backend', ['--suite', 'backend']],
];

/**
 * Scenarios that measure rates or delays: on a machine busy with the rest of this test pass their
 * thresholds may fail (test/perf judges them alone); here only their pcaps are judged, and they
 * must still run to the end (failed on a check, not an error).
 */
const LOAD = /-load$|-throughput\/|-query-rate$|-transaction-rate$/;

for (const [suite, args] of RUNS) {
  test(`every pcap of the ${suite} run dissects in tshark with no malformed packet`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), `v6h-pcaps-${suite}-`));
    const r = await execa(process.execPath, [bin, 'run', ...args, '--report-dir', dir], { cwd: root, reject: false, timeout: 240_000 });
    t.true(r.exitCode === 0 || r.exitCode === 1, r.stdout + r.stderr);
    const res = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    for (const s of res.scenarios) {
      if (LOAD.test(s.id)) t.not(s.status, 'error', `${s.id}: ${s.error ?? ''}`);
      else t.is(s.status, 'passed', `${s.id}: ${r.stdout.slice(-3000)}`);
    }
    let frames = 0;
    for (const s of res.scenarios) {
      const pcaps = s.artifacts.filter((a) => a.endsWith('.pcap'));
      t.true(pcaps.length > 0, `${s.id} saved no pcap`);
      for (const a of pcaps) {
        const path = join(dir, a);
        const dissected = await dissect(path, { decodeAs: decodeAsFor(path) });
        frames += dissected.length;
        const bad = dissected.filter((f) => f.malformed || f.errors.length > 0).map((f) => `${s.id} frame ${f.number}: ${f.protocols.join(':')} ${f.errors.join('; ')}`);
        t.deepEqual(bad, [], a);
      }
    }
    t.true(frames > res.scenarios.length, `only ${frames} frames in ${res.scenarios.length} scenarios`);
  });
}
