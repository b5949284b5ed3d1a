import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { createServer as createHttp1Server } from 'node:http';
import { createServer, type Server } from 'node:net';
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
 * Pre-flight of an external SMF (issue 20): N11 is probed as what it is, an SBI over HTTP/2 (h2c,
 * TS 29.500 §5.2) — the connection preface and SETTINGS exchange, then a Retrieve SM Context for a
 * context the SMF cannot have, answered 404 with a ProblemDetails (TS 29.502) — not as GTPv2 as
 * before; its N4 (PFCP Heartbeat, TS 29.244 §7.4.2) where the target declares `n4Address`. The
 * SMF stand-in answers; nothing listening, a silent TCP peer and an HTTP/1.1-only server do not,
 * each with its reason; `target check` exits 2 in seconds with one line for the SMF.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');

const DNNS = { internet: { pdnTypes: 'ipv6', ipv6Pool: '2001:db8:5600::/48' } };

async function smfStandin(t: { teardown(f: () => Promise<void>): void }) {
  const lab = createLab(
    targetSchema.parse({
      name: 'smf',
      elements: {
        upf: { kind: 'standin', transport: 'ipv6', dnns: DNNS },
        smf: { kind: 'standin', transport: 'ipv6', upf: 'upf', dnns: DNNS },
      },
    }),
  );
  const session = await lab.open(['smf'], { signal: new AbortController().signal, recorder: noRecorder });
  t.teardown(() => session.close());
  return { smf: session.elements.get('smf')!, upf: session.elements.get('upf')! };
}

const externalSmf = (smf: Record<string, unknown>) =>
  targetSchema.parse({ name: 'external smf', provider: 'external', elements: { smf: { kind: 'external', ...smf } } });

async function listening<T extends Server | ReturnType<typeof createHttp1Server>>(s: T): Promise<T> {
  await new Promise<void>((r) => s.listen(0, '::1', () => r()));
  return s;
}
const portOf = (s: { address(): unknown }) => (s.address() as { port: number }).port;

/** The median start-up of `node -e 0` here: the calibration of the time budget. */
async function nodeStartS(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await execa(process.execPath, ['-e', '0']);
    times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[1];
}

async function unusedTcpPort(): Promise<number> {
  const s = await listening(createServer());
  const port = portOf(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('the SMF stand-in answers the N11 probe: SETTINGS, then 404 CONTEXT_NOT_FOUND', async (t) => {
  const { smf } = await smfStandin(t);
  const [v] = await preflight(externalSmf({ address: smf.address, port: smf.port }));
  t.true(v.ok, v.detail);
  t.regex(
    v.detail,
    /^HTTP\/2 SETTINGS exchanged; Retrieve SM Context of an unknown context answered 404 \(CONTEXT_NOT_FOUND\)/,
  );
  t.is(v.where, `[${smf.address}]:${smf.port}`);
});

test('an SMF whose N4 is declared: N11 and the PFCP Heartbeat both count', async (t) => {
  const { smf, upf } = await smfStandin(t);
  // A PFCP node that answers Heartbeat (the UPF stand-in) where N4 is declared: both answer.
  const [ok] = await preflight(
    externalSmf({ address: smf.address, port: smf.port, n4Address: upf.address, n4Port: upf.port }),
  );
  t.true(ok.ok, ok.detail);
  t.regex(ok.detail, /^N11: HTTP\/2 SETTINGS exchanged.*; N4: PFCP Heartbeat Response in/);
  // A silent N4: the SMF fails, naming N4.
  const silent: UdpSocket = createSocket({ type: 'udp6', ipv6Only: true });
  await new Promise<void>((r) => silent.bind(0, '::1', () => r()));
  t.teardown(() => silent.close());
  const [bad] = await preflight(
    externalSmf({ address: smf.address, port: smf.port, n4Address: '::1', n4Port: silent.address().port }),
  );
  t.false(bad.ok);
  t.regex(bad.detail, /; N4: no answer to PFCP Heartbeat Request \(3 tries/);
});

test('an SMF that is not there, that never speaks, or speaks only HTTP/1.1 fails with its reason', async (t) => {
  const muted = await listening(createServer(() => undefined));
  const http1 = await listening(createHttp1Server((_q, s) => s.end('HTTP/1.1 only')));
  t.teardown(() => {
    muted.close();
    http1.close();
  });
  const [refused] = await preflight(externalSmf({ address: '::1', port: await unusedTcpPort() }));
  t.false(refused.ok);
  t.is(refused.detail, 'nothing listens there: TCP connection refused');
  const [silent] = await preflight(externalSmf({ address: '::1', port: portOf(muted) }));
  t.false(silent.ok);
  t.regex(silent.detail, /^no answer within 3 s: waiting for its HTTP\/2 SETTINGS/);
  const [h1] = await preflight(externalSmf({ address: '::1', port: portOf(http1) }));
  t.false(h1.ok);
  t.log(`HTTP/1.1 server: ${h1.detail}`);
  t.regex(h1.detail, /HTTP\/2 SETTINGS/);
});

test('target check: an unreachable SMF exits 2 in seconds with one line naming it', async (t) => {
  const dir = tempDir('preflight-smf');
  const file = join(dir, 'target.yaml');
  writeFileSync(
    file,
    stringify({
      name: 'smf gone',
      provider: 'external',
      elements: { smf: { kind: 'external', address: '::1', port: await unusedTcpPort() } },
    }),
  );
  const calibration = await nodeStartS();
  const t0 = performance.now();
  const r = await execa(process.execPath, [bin, 'target', 'check', '--target', file], {
    cwd: root,
    reject: false,
    timeout: 60_000,
  });
  const took = (performance.now() - t0) / 1000;
  t.is(r.exitCode, 2, r.stdout + r.stderr);
  // Seconds on a quiet machine; a busy one (node -e 0 slower than its ~50 ms) gets its start-up delay added.
  const budget = 10 + 20 * calibration;
  t.log(`exit 2 after ${took.toFixed(1)} s (budget ${budget.toFixed(1)} s, node -e 0 ${calibration.toFixed(3)} s)`);
  t.true(took < budget, `took ${took.toFixed(1)} s`);
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trimStart().startsWith('✗'));
  t.is(lines.length, 1, r.stdout + r.stderr);
  t.regex(lines[0], /✗ smf\s+\[::1\]:\d+\s+nothing listens there: TCP connection refused/);
});
