import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { composeFile } from '../../harness/lab/docker/compose-file.ts';
import { acquireHostLock } from '../../harness/lab/docker/host-lock.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { dockerProblem, needDocker } from '../helpers/docker.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The 5G lab by hand (issue 20): `v6harness lab compose --target targets/docker-5g.yaml` writes a
 * compose file whose SMF is given its UPF and whose AMF its SMF (V6H_PEERS, started in that order,
 * each after the other is healthy), with health checks that speak each element's protocol (PFCP
 * Heartbeat, an h2c Retrieve SM Context on N11, an SCTP INIT over UDP on N2). docker-compose 1.29
 * (Debian's) brings it up; the harness then reaches its SMF and UPF as a user's external elements,
 * with an AMF of its own that the SMF must call back across the bridge (TS 29.518 §5.2.2.3):
 * `target check` and the core5g PDU session scenarios, user plane included, pass.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const image = process.env.V6HARNESS_LAB_IMAGE ?? 'v6harness/lab:latest';

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial(
  'the 5G compose lab comes up healthy in order, and its SMF and UPF serve the harness as external elements',
  async (t) => {
    t.timeout(300_000);
    if (!needDocker(t, why)) return;
    const dir = tempDir('compose-5g');
    const file = join(dir, 'docker-compose.yml');
    const text = composeFile(
      loadTarget(join(root, 'targets/docker-5g.yaml')).target,
      join(root, 'targets/docker-5g.yaml'),
    );
    writeFileSync(file, text.replaceAll('v6harness/lab:latest', image));
    // The compose lab takes the docker lab's fixed core subnet: one of them at a time (host-lock.ts).
    const t0 = performance.now();
    const step = (what: string) => t.log(`${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const release = await acquireHostLock('core', { waitMs: 120_000 });
    step('core lab lock taken');
    const project = `v6hc5g${process.pid}`;
    const compose = (args: string[]) =>
      execa('docker-compose', ['-p', project, '-f', file, ...args], { cwd: dir, reject: false, timeout: 180_000 });
    t.teardown(async () => {
      await compose(['down', '-v', '--remove-orphans']);
      release();
    });
    const up = await compose(['up', '-d']);
    t.is(up.exitCode, 0, up.stderr);
    step('docker-compose up');
    // depends_on: service_healthy — `up` returns once the AMF is started, so the SMF and UPF were healthy.
    const health = async () => {
      const ids = (await compose(['ps', '-q'])).stdout.split('\n').filter(Boolean);
      const r = await execa('docker', ['inspect', '-f', '{{.Name}} {{.State.Health.Status}}', ...ids], {
        reject: false,
      });
      return r.stdout;
    };
    let states = '';
    for (let i = 0; i < 60; i++) {
      states = await health();
      if (states.split('\n').filter((l) => l.endsWith(' healthy')).length === 3) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    t.is(states.split('\n').filter((l) => l.endsWith(' healthy')).length, 3, states);

    step('all three healthy');
    const lab = parse(text) as { services: Record<string, { networks: { core: { ipv6_address: string } } }> };
    const at = (s: string) => lab.services[s].networks.core.ipv6_address;
    const docker5g = loadTarget(join(root, 'targets/docker-5g.yaml')).target;
    const targetFile = join(dir, 'target.yaml');
    writeFileSync(
      targetFile,
      stringify({
        name: 'compose-5g',
        provider: 'inproc',
        internet: docker5g.internet,
        elements: {
          amf: {
            kind: 'standin',
            transport: 'ipv6',
            sctp: 'udp',
            homePlmn: '001-01',
            smf: 'smf',
            subscribers: {
              '001010000000001': {
                k: '465b5ce8b199b49faa5f0a2ee238a6bc',
                opc: 'cd63cb71954a9f4e48a5994e37a02baf',
                count: 10,
              },
            },
          },
          smf: {
            kind: 'external',
            address: at('smf'),
            port: 80,
            dnns: { internet: (docker5g.elements.smf as { dnns: Record<string, unknown> }).dnns.internet },
          },
          upf: { kind: 'external', address: at('upf'), port: 8805 },
        },
      }),
    );
    const v6h = (args: string[]) =>
      execa(process.execPath, [bin, ...args], { cwd: dir, reject: false, timeout: 120_000 });
    const check = await v6h(['target', 'check', '--target', targetFile]);
    t.is(check.exitCode, 0, check.stdout + check.stderr);
    t.regex(check.stdout, /✓ smf .*Retrieve SM Context of an unknown context answered 404/);
    t.regex(check.stdout, /✓ upf .*PFCP Heartbeat Response/);
    step('target check');
    const run = await v6h([
      'run',
      '--suite',
      'core5g',
      '--grep',
      'pdu-session',
      '--target',
      targetFile,
      '--report-dir',
      join(dir, 'report'),
    ]);
    t.is(run.exitCode, 0, run.stdout + run.stderr);
    step('core5g run');
    t.regex(run.stdout, /scenarios\.+: 5 passed, 0 failed, 0 error, 0 skipped/);
  },
);
