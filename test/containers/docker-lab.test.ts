import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import type { RunResults } from '../../harness/report/results.ts';
import { answersEcho } from '../../harness/lab/docker/health.ts';
import { dissect } from '../helpers/tshark.ts';
import { dockerProblem, dockerTarget, needDocker } from '../helpers/docker.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The docker lab (issue "Containerized lab"): the S5 scenarios pass against the PGW stand-in in a
 * container; a container killed mid-scenario makes that scenario an error naming the element,
 * the run goes on, and nothing of the lab is left (containers, networks). In CI (CI set) a
 * missing Docker is a failure, not a skip.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const v6h = (args: string[]) => execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 300_000 });
const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
// What the harness process `pid` left (other test files run their own labs meanwhile).
const leftovers = async (pid: number | undefined) => {
  const c = (
    await execa('docker', ['ps', '-aq', '--filter', 'label=v6harness.lab=1', '--filter', `label=v6harness.pid=${pid}`])
  ).stdout.trim();
  const n = (
    await execa('docker', [
      'network',
      'ls',
      '-q',
      '--filter',
      'label=v6harness.lab=1',
      '--filter',
      `label=v6harness.pid=${pid}`,
    ])
  ).stdout.trim();
  return { containers: c, networks: n };
};

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial('S5 echo, sessions and the user plane pass against the PGW stand-in in a container', async (t) => {
  if (!needDocker(t, why)) return;
  const dir = tempDir('docker');
  const sub = v6h(['run', '--suite', 'core', '--target', 'targets/docker.yaml', '--grep', 's5-', '--report-dir', dir]);
  const r = await sub;
  t.is(r.exitCode, 0, r.stdout.slice(-3000) + r.stderr);
  const res = results(dir);
  t.true(res.scenarios.length >= 15);
  t.true(res.scenarios.every((s) => s.status === 'passed'));
  // The drivers talked to the container's IPv6 address on the lab network, not to loopback.
  t.regex(readFileSync(join(dir, 'results.json'), 'utf8'), /fd00:6:1::/);
  // The PGW's own capture, taken inside its container, dissects as GTPv2 with no malformed packet.
  const echo = res.scenarios.find((s) => s.id === 'core/s5-echo')!;
  const own = echo.artifacts.find((a) => a.endsWith('-pgw.pcap'));
  t.truthy(own, JSON.stringify(echo.artifacts));
  // Captured on the sending host, outgoing UDP checksums are left to offload (veth): not checked here.
  const frames = await dissect(join(dir, own!), { extraArgs: ['-o', 'udp.check_checksum:FALSE'] });
  t.true(
    frames.some((f) => f.protocols.includes('gtpv2')),
    frames.map((f) => f.protocols.join(':')).join('\n'),
  );
  t.deepEqual(
    frames.filter((f) => f.malformed || f.errors.length),
    [],
  );
  // SGi is a TUN device in the PGW's container: the UE's echo to the IPv6-only host crosses the
  // kernel, which forwards it (hop limit 64 on sgi0, 63 on the sgi network) to the host container.
  const internet = res.scenarios.find((s) => s.id === 'core/s5-internet')!;
  // The UE's own TCP (handshake, echo, FIN both ways) against a real Linux stack behind the TUN SGi.
  t.true(
    internet.checks.some((c) => c.name.startsWith('TCP echo with the IPv6-only host') && c.ok),
    JSON.stringify(internet.checks),
  );
  const sgi = await dissect(join(dir, internet.artifacts.find((a) => a.endsWith('-pgw.pcap'))!), {
    extraArgs: ['-o', 'udp.check_checksum:FALSE'],
  });
  const plain = sgi.filter((f) => f.protocols.includes('icmpv6') && !f.protocols.includes('gtp'));
  const hops = plain
    .filter((f) => f.fields.get('ipv6.dst')?.[0] === '2001:db8:f000::6' && f.fields.get('icmpv6.type')?.[0] === '128')
    .map((f) => f.fields.get('ipv6.hlim')?.[0]);
  t.true(hops.includes('64') && hops.includes('63'), `hop limits seen: ${hops.join(', ')}`);
  t.deepEqual(await leftovers(sub.pid), { containers: '', networks: '' });
});

test.serial(
  'a container killed mid-scenario: that scenario errors naming the element, the run goes on, nothing is left',
  async (t) => {
    if (!needDocker(t, why)) return;
    const dir = tempDir('docker-kill');
    const suite = join(dir, 'kill.yaml');
    writeFileSync(
      suite,
      'name: kill\ntimeout: 120\nscenarios: [core/s5-many-sessions, core/s5-echo]\nparams: { core/s5-many-sessions: { sessions: 60000 } }\n',
    );
    const run = v6h(['run', '--suite', suite, '--target', 'targets/docker.yaml', '--report-dir', dir]);
    // Kill the PGW's container once it answers Echo and the scenario is under way.
    let killed = '';
    for (let i = 0; i < 3000 && !killed; i++) {
      const id = (
        await execa('docker', [
          'ps',
          '-q',
          '--filter',
          'label=v6harness.element=pgw',
          '--filter',
          `label=v6harness.pid=${run.pid}`,
        ])
      ).stdout.trim();
      // The PGW is on the core network and, with a TUN SGi, on the sgi network: try each address.
      const ips = id
        ? (
            await execa(
              'docker',
              ['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}} {{end}}', id],
              { reject: false },
            )
          ).stdout
            .trim()
            .split(/\s+/)
            .filter(Boolean)
        : [];
      let up = false;
      for (const ip of ips) up ||= await answersEcho(ip, 2123, 2, 300);
      if (up) {
        // Give the lab time to finish its own readiness check and start the scenario (60,000
        // sessions then keep it busy for far longer than this).
        // 10 s: on a busy machine the lab's set-up after readiness (IPv4 routing over SGi, a docker
        // exec) took longer than 3 s, and the kill landed in it.
        await new Promise((r) => setTimeout(r, 10_000));
        await execa('docker', ['kill', id]);
        killed = id;
      } else await new Promise((r) => setTimeout(r, 100));
    }
    t.truthy(killed, 'the PGW container never appeared');
    const r = await run;
    t.is(r.exitCode, 1, r.stdout.slice(-3000));
    const pid = run.pid;
    const [many, echo] = results(dir).scenarios;
    t.is(many.status, 'error');
    t.is(many.element, 'pgw');
    t.regex(
      many.error ?? '',
      // Killed during the scenario, or (a very busy machine) still in the lab's set-up: either way the
      // PGW's container is named as gone.
      /^lab: (container \/?v6h-[0-9a-f]+-pgw-[0-9a-f]+ exited \(code \d+\) during the scenario|routing IPv4 to the internet hosts over SGi \(via inet6\): docker exec [0-9a-f]+: (Error response from daemon: )?[Cc]ontainer [0-9a-f]+ is not running)$/,
    );
    t.true(
      many.artifacts.some((a) => a.endsWith('pgw.log')),
      JSON.stringify(many.artifacts),
    );
    t.is(echo.status, 'passed', 'the run goes on with a fresh container');
    t.deepEqual(await leftovers(pid), { containers: '', networks: '' });
  },
);

test.serial(
  'a scenario given up during its lab start-up does not break the next one: no "network already exists", nothing left',
  async (t) => {
    t.timeout(240_000);
    if (!needDocker(t, why)) return;
    const { DockerLab } = await import('../../harness/lab/docker/docker-lab.ts');
    const { loadTarget } = await import('../../harness/runner/target-file.ts');
    const { noRecorder } = await import('../../harness/net/pcap/index.ts');
    const lab = new DockerLab(loadTarget(join(root, 'targets/docker.yaml')).target);
    // The runner gives the first scenario up (its set-up bound, Ctrl-C) while its elements start,
    // and opens the next at once; before, both made the core network and the second failed.
    const givenUp = new AbortController();
    const first = lab.open(['sgw'], { signal: givenUp.signal, recorder: noRecorder });
    setTimeout(() => givenUp.abort(new Error('set-up given up')), 50);
    const next = lab.open(['sgw'], { signal: new AbortController().signal, recorder: noRecorder });
    const [a, b] = await Promise.allSettled([first, next]);
    try {
      t.is(b.status, 'fulfilled', b.status === 'rejected' ? String(b.reason) : '');
      if (b.status === 'fulfilled') t.regex(b.value.elements.get('sgw')?.address ?? '', /^fd00:6:1::/);
    } finally {
      if (a.status === 'fulfilled') await a.value.close();
      if (b.status === 'fulfilled') await b.value.close();
      await lab.close();
    }
    t.deepEqual(await leftovers(process.pid), { containers: '', networks: '' });
  },
);

/** The container of element `name` that the harness process `pid` started (one at a time). */
async function containerOf(name: string, pid: number): Promise<string> {
  const ps = await execa('docker', [
    'ps',
    '-q',
    '--filter',
    `label=v6harness.element=${name}`,
    '--filter',
    `label=v6harness.pid=${pid}`,
  ]);
  return ps.stdout.trim();
}

test.serial(
  "a container that dies mid-scenario: its whole log is in the scenario's artifacts, failed checks or not",
  async (t) => {
    t.timeout(240_000);
    if (!needDocker(t, why)) return;
    const { DockerLab } = await import('../../harness/lab/docker/docker-lab.ts');
    const { noRecorder } = await import('../../harness/net/pcap/index.ts');
    const lab = new DockerLab(dockerTarget());
    const dir = tempDir('docker-died');
    let died: (e: Error & { element?: string }) => void = () => {};
    const death = new Promise<Error & { element?: string }>((r) => {
      died = r;
    });
    try {
      const s = await lab.open(['sgw'], { signal: new AbortController().signal, recorder: noRecorder, fail: died });
      const id = await containerOf('sgw', process.pid);
      t.truthy(id, 'the SGW container is running');
      await execa('docker', ['kill', id]);
      const e = await death;
      t.is(e.element, 'sgw');
      // Saved although the scenario reported no failed check (`failed` false): the container died.
      const files = await s.collectArtifacts?.(dir, 'died', false);
      const log = files?.find((f) => f.endsWith(join('logs', 'died', 'sgw.log')));
      t.truthy(log, JSON.stringify(files));
      const text = log ? readFileSync(log, 'utf8') : '';
      t.regex(text, /^# sgw: container \S+ exited \(code 137\) at \d{4}-/);
      t.regex(text, /v6harness-ready /, 'the log from the container start on');
      await s.close();
    } finally {
      await lab.close();
    }
    t.deepEqual(await leftovers(process.pid), { containers: '', networks: '' });
  },
);

test.serial(
  'a run-long element that dies between scenarios: its log is kept, and saved with the live ones at the end of a failed run',
  async (t) => {
    t.timeout(240_000);
    if (!needDocker(t, why)) return;
    const { DockerLab } = await import('../../harness/lab/docker/docker-lab.ts');
    const { loadTarget } = await import('../../harness/runner/target-file.ts');
    const { noRecorder } = await import('../../harness/net/pcap/index.ts');
    // The open5gs target's PCRF stand-in lives for the run (the SMF depends on it); no open5gs runs here.
    let exited: (line: string) => void = () => {};
    const notice = new Promise<string>((r) => {
      exited = r;
    });
    const lab = new DockerLab(loadTarget(join(root, 'targets/open5gs.yaml')).target, (line) => {
      if (/^pcrf: container .* exited/.test(line)) exited(line);
    });
    const dir = tempDir('docker-run-long-died');
    const opts = { signal: new AbortController().signal, recorder: noRecorder };
    try {
      const first = await lab.open(['pcrf'], opts);
      await first.close();
      const old = await containerOf('pcrf', process.pid);
      t.truthy(old, 'the PCRF outlives its scenario');
      await execa('docker', ['kill', old]);
      t.regex(await notice, /exited \(code 137\); its log is kept/);
      // The next scenario gets a fresh PCRF; the end of the failed run saves both logs.
      const next = await lab.open(['pcrf'], opts);
      t.not(await containerOf('pcrf', process.pid), old);
      await next.close();
      const files = (await lab.saveLogs(dir)).map((f) => f.slice(dir.length + 1)).sort();
      t.deepEqual(files, [join('logs', 'lab', `pcrf-exited-${old.slice(0, 12)}.log`), join('logs', 'lab', 'pcrf.log')]);
      const dead = readFileSync(join(dir, files[0]), 'utf8');
      t.regex(dead, /^# pcrf: container \S+ exited \(code 137\)/);
      t.regex(readFileSync(join(dir, files[1]), 'utf8'), /v6harness-ready /);
    } finally {
      await lab.close();
    }
    t.deepEqual(await leftovers(process.pid), { containers: '', networks: '' });
  },
);

test.serial(
  "a real element that dies: its container's log ends with its last lines and its own exit status",
  async (t) => {
    t.timeout(120_000);
    if (!needDocker(t, why)) return;
    const { startElementContainer } = await import('../../harness/lab/docker/element-container.ts');
    const { supervisorScript } = await import('../../harness/lab/docker/real/index.ts');
    const { LAB_IMAGE } = await import('../../harness/lab/docker/docker-lab.ts');
    const { exitOf, logsOf } = await import('../../harness/lab/docker/container-ops.ts');
    const { labLabels } = await import('../../harness/lab/docker/lab-objects.ts');
    // An element that serves, then aborts right after its last line (as an assert does: SIGABRT, status 134).
    const start = `sh -c 'echo element serves; sleep 2; echo the last line before abort; kill -ABRT $$'`;
    const script = supervisorScript(
      { files: [], start, ready: 'element serves', readyWithinS: 20, port: 0 },
      '/tmp/c.pcap',
    );
    const c = await startElementContainer({
      element: 'dying',
      image: LAB_IMAGE,
      name: `v6h-dying-${process.pid}`,
      network: 'none',
      labels: labLabels('v6harness.lab', `dying${process.pid}`),
      entrypoint: ['sh', '-c', script],
    });
    try {
      t.is(await exitOf(c.getId()), 1);
      const log = await logsOf(c.getId());
      t.regex(log, /the last line before abort\nv6harness: the element exited \(status 134\)$/);
    } finally {
      await c.stop().catch(() => undefined);
    }
    t.deepEqual(await leftovers(process.pid), { containers: '', networks: '' });
  },
);
