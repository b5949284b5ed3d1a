import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import type { RunResults } from '../../harness/report/results.ts';
import { dissect } from '../helpers/tshark.ts';
import { dockerProblem, needDocker } from '../helpers/docker.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * 5G SA in the docker lab (issue 20): the AMF and UPF stand-ins each in a container of the lab
 * image (targets/docker-5g.yaml); the harness on the host is the gNB and its UEs over N2 (SCTP over
 * UDP, RFC 6951) and N3, and the SMF over N4. The core5g scenarios that need only the AMF or the
 * UPF pass; the same scenarios against a broken AMF and UPF in containers fail, naming each. In CI
 * a missing Docker is a failure, not a skip.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const v6h = (args: string[]) => execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 420_000 });
const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
// Each scenario starts its own container (a per-scenario timeout of 120 s covers that on a loaded
// machine). The load is left to the load suites: its rate here would be the machine's, and it costs minutes.
const SCENARIOS = '^core5g/(registration/|pdu-session/|n4-session/|n4-association$|n4-ue-to-ue$|n3-error-indication$)';

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial('core5g: registration, PDU sessions, N4 and N3 pass against the AMF and UPF in containers', async (t) => {
  t.timeout(450_000);
  if (!needDocker(t, why)) return;
  const dir = tempDir('docker-5g');
  const r = await v6h([
    'run',
    '--suite',
    'core5g',
    '--target',
    'targets/docker-5g.yaml',
    '--grep',
    SCENARIOS,
    '--timeout',
    '120',
    '--report-dir',
    dir,
  ]);
  t.is(r.exitCode, 0, r.stdout.slice(-3000) + r.stderr);
  const res = results(dir);
  // core5g/n4-session/pdusessiontype-ipv6/ueaddress-smf → core5g/n4-session (one per parameter set).
  t.deepEqual([...new Set(res.scenarios.map((s) => s.id.split('/').slice(0, 2).join('/')))].sort(), [
    'core5g/n3-error-indication',
    'core5g/n4-association',
    'core5g/n4-session',
    'core5g/n4-ue-to-ue',
    'core5g/pdu-session',
    'core5g/registration',
  ]);
  t.true(
    res.scenarios.every((s) => s.status === 'passed'),
    JSON.stringify(res.scenarios.filter((s) => s.status !== 'passed')),
  );
  // The gNB and the SMF talked to the containers' addresses on the lab network, not to loopback.
  t.regex(readFileSync(join(dir, 'results.json'), 'utf8'), /fd00:6:1::/);
  // The AMF's own capture, inside its container: NGAP in SCTP in UDP (RFC 6951), none malformed.
  const reg = res.scenarios.find((s) => s.id === 'core5g/registration/suci-null')!;
  const own = reg.artifacts.find((a) => a.endsWith('-amf.pcap'));
  t.truthy(own, JSON.stringify(reg.artifacts));
  const frames = await dissect(join(dir, own!), {
    decodeAs: ['udp.port==9899,sctp'],
    extraArgs: ['-o', 'udp.check_checksum:FALSE', '-o', 'sctp.checksum:CRC 32c'],
  });
  t.true(
    frames.some((f) => f.protocols.includes('ngap')),
    frames.map((f) => f.protocols.join(':')).join('\n'),
  );
  t.deepEqual(
    frames.filter((f) => f.malformed),
    [],
  );
});

test.serial('the same scenarios against a broken AMF and UPF in containers fail, naming each', async (t) => {
  t.timeout(450_000);
  if (!needDocker(t, why)) return;
  const dir = tempDir('docker-5g-broken');
  const target = parse(readFileSync(join(root, 'targets/docker-5g.yaml'), 'utf8')) as {
    name: string;
    elements: Record<string, { faults?: string[] }>;
  };
  target.name = 'docker-5g-broken';
  // A Security Mode Command whose MAC is not 128-NIA2's (TS 33.501 §6.7.2); downlink G-PDUs without the QFI (TS 38.415 §5.5.2).
  target.elements.amf.faults = ['wrong-mac'];
  target.elements.upf.faults = ['no-qfi'];
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, stringify(target));
  const r = await v6h([
    'run',
    '--suite',
    'core5g',
    '--target',
    file,
    '--grep',
    '^core5g/(registration/suci-null|n4-session/pdusessiontype-ipv6/ueaddress-smf)$',
    '--timeout',
    '120',
    '--report-dir',
    dir,
  ]);
  t.is(r.exitCode, 1, r.stdout.slice(-3000) + r.stderr);
  const res = results(dir);
  const failedBy = (id: string) =>
    res.scenarios.filter((s) => s.id.startsWith(`${id}/`) && s.status === 'failed').map((s) => s.element);
  t.true(failedBy('core5g/registration').includes('amf'), JSON.stringify(res.scenarios.map((s) => [s.id, s.status])));
  t.true(failedBy('core5g/n4-session').includes('upf'), JSON.stringify(res.scenarios.map((s) => [s.id, s.status])));
  const qfi = res.scenarios
    .filter((s) => s.id.startsWith('core5g/n4-session/'))
    .flatMap((s) => s.checks.filter((c) => !c.ok && c.element === 'upf').map((c) => c.clause ?? ''));
  t.true(
    qfi.some((c) => c.includes('TS 38.415')),
    JSON.stringify(qfi),
  );
});
