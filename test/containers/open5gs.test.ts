import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { stringify } from 'yaml';
import type { RunResults } from '../../harness/report/results.ts';
import { dockerProblem, needDocker } from '../helpers/docker.ts';
import { exitBudgetS, nodeStartS } from '../helpers/interrupt.ts';
import { open5gsArchive } from '../helpers/open5gs-archive.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Suites against a real packet core: open5gs SGW-C/SGW-U, SMF and UPF built from the pinned source
 * (containers/open5gs/build-image.sh; test/run.js builds it before the tests, outside their timeouts)
 * in the docker lab of targets/open5gs.yaml, run by the CLI with open5gs's expected results
 * (reports/expected/open5gs.yaml): exit 0 when every scenario ends passed or as a listed deviation
 * traced to open5gs. Without the expectations the same run fails, naming the element. Without
 * Docker or the image: a skip with the reason, a failure when CI is set.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const EXPECTED = 'reports/expected/open5gs.yaml';

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
  if (why) return;
  let archive: string;
  try {
    archive = open5gsArchive();
  } catch (e) {
    why = (e as Error).message;
    return;
  }
  const check = await execa('sh', [join(root, 'containers/open5gs/build-image.sh'), '--check', archive], {
    reject: false,
  });
  if (check.exitCode !== 0) why = `the open5gs image is missing: ${check.stderr.trim().split('\n').at(-1)}`;
});

function v6h(args: string[]) {
  return execa(process.execPath, [bin, ...args], {
    cwd: root,
    reject: false,
    timeout: 270_000,
    env: { CI: '1' },
  });
}

// The first scenario of a run also waits for the core to start (five containers, ready once
// associated over PFCP and Gx): the suites' 30 s are not enough for that on two busy cores.
const run = (dir: string, args: string[], expect: string) =>
  v6h([
    'run',
    '--timeout',
    '200',
    '--target',
    'targets/open5gs.yaml',
    '--report-dir',
    dir,
    '--reporter',
    'json',
    '--expect',
    expect,
    ...args,
  ]);

function results(dir: string): RunResults {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
}

test.serial(
  'sxb: our PGW-C against the open5gs UPF ends as expected (exit 0), each deviation traced to open5gs',
  async (t) => {
    t.timeout(280_000);
    if (!needDocker(t, why)) return;
    const dir = tempDir('open5gs-sxb');
    const r = await run(dir, ['--suite', 'core', '--grep', '^core/sxb-session$'], EXPECTED);
    t.is(r.exitCode, 0, r.stdout + r.stderr);
    const [s] = results(dir).scenarios;
    t.is(s.id, 'core/sxb-session');
    // What open5gs does right is checked, not only listed: association, session, RS/RA over Sxb-u, deletion.
    for (const name of [
      'Association Setup accepted',
      'Session Establishment accepted',
      'RA through the PGW-U advertises the UE IP Address /64',
      'Session Deletion accepted',
      'the deleted session is gone: Session context not found',
    ])
      t.true(
        s.checks.find((c) => c.name === name)?.ok,
        `${name}: ${JSON.stringify(s.checks.find((c) => c.name === name))}`,
      );
    t.true(s.expected?.met, JSON.stringify(s.expected));
  },
);

test.serial('ran: S11 through the open5gs SGW-C, SGW-U, SMF and UPF ends as expected (exit 0)', async (t) => {
  t.timeout(280_000);
  if (!needDocker(t, why)) return;
  const dir = tempDir('open5gs-ran');
  // x2-handover needs a second host address for the target eNodeB (ours to give, not open5gs's);
  // the session load is listed in the expected results but left to the load suites (its rate is the machine's).
  const r = await run(dir, ['--suite', 'ran', '--grep-invert', 'x2-handover|session-load'], EXPECTED);
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  const res = results(dir);
  t.deepEqual(
    res.scenarios.map((s) => s.id),
    ['ran/s11-attach', 'ran/s11-detach', 'ran/s11-release-access-bearers'],
  );
  // The attach itself passes: RA and echo through SGW-U and UPF.
  const attach = res.scenarios[0];
  t.deepEqual(
    attach.checks.filter((c) => !c.ok).map((c) => c.name),
    ['Delete Session Response cause Request accepted'],
  );
  t.is(res.scenarios[2].status, 'passed');
});

test.serial('core S5/S8 through the open5gs SMF and UPF ends as expected (exit 0)', async (t) => {
  t.timeout(280_000);
  if (!needDocker(t, why)) return;
  const dir = tempDir('open5gs-s5');
  const r = await run(
    dir,
    ['--suite', 'core', '--grep', '^core/s5-(delete-session|echo|internet|pco-dns|router-advertisement)$'],
    EXPECTED,
  );
  t.is(r.exitCode, 0, r.stdout + r.stderr);
  const res = results(dir);
  t.is(res.scenarios.length, 5);
  // Only the RA's on-link flag is open5gs's deviation; the rest passes against the real SMF and UPF.
  t.deepEqual(
    res.scenarios.filter((s) => s.status !== 'passed').map((s) => s.id),
    ['core/s5-router-advertisement'],
  );
});

test.serial('the same Sxb run without the expected results fails, naming the UPF and the clause', async (t) => {
  t.timeout(280_000);
  if (!needDocker(t, why)) return;
  const dir = tempDir('open5gs-none');
  const file = join(dir, 'none.yaml');
  writeFileSync(file, stringify({ dut: 'open5gs, no deviations listed', scenarios: {} }));
  const r = await run(dir, ['--suite', 'core', '--grep', '^core/sxb-session$'], file);
  t.is(r.exitCode, 1, r.stdout + r.stderr);
  const [s] = results(dir).scenarios;
  t.is(s.status, 'failed');
  const failed = s.checks.filter((c) => !c.ok);
  t.true(failed.length > 0);
  for (const c of failed) {
    t.is(c.element, 'pgw-u');
    t.truthy(c.clause);
  }
});

/** Containers and networks of the harness process `pid` (its labels), however many. */
async function objectsOf(pid: number): Promise<string[]> {
  const label = `label=v6harness.pid=${pid}`;
  const c = await execa('docker', ['ps', '-aq', '--filter', label]);
  const n = await execa('docker', ['network', 'ls', '-q', '--filter', label]);
  return [...c.stdout.split('\n'), ...n.stdout.split('\n')].filter(Boolean);
}

test.serial(
  'Ctrl-C during the open5gs core start-up: exit 130 within 2 s, its containers and networks are removed',
  async (t) => {
    t.timeout(240_000);
    if (!needDocker(t, why)) return;
    const dir = tempDir('open5gs-ctrl-c');
    const calibrationS = await nodeStartS();
    const child = execa(
      process.execPath,
      [
        bin,
        'run',
        '--suite',
        'core',
        '--grep',
        '^core/s5-echo$',
        '--target',
        'targets/open5gs.yaml',
        '--report-dir',
        dir,
      ],
      { cwd: root, reject: false, env: { CI: '1' }, timeout: 200_000 },
    );
    const pid = child.pid ?? 0;
    // SIGINT once the core is part-way up: some of its containers exist, its SMF (last) not ready yet.
    let seen: string[] = [];
    for (let i = 0; i < 1200 && seen.length < 2; i++) {
      seen = (
        await execa('docker', [
          'ps',
          '-q',
          '--filter',
          `label=v6harness.pid=${pid}`,
          '--filter',
          'label=v6harness.element',
        ])
      ).stdout
        .split('\n')
        .filter(Boolean);
      if (seen.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    t.true(seen.length >= 2, 'the core started no containers');
    const t0 = performance.now();
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 1000 * (exitBudgetS(calibrationS) + 10));
    const r = await child;
    clearTimeout(killer);
    const exitS = (performance.now() - t0) / 1000;
    t.is(r.exitCode, 130, r.stdout.slice(-2000) + r.stderr);
    const budget = exitBudgetS(calibrationS);
    t.log(
      `exit ${exitS.toFixed(2)} s after SIGINT (budget ${budget.toFixed(2)} s; node -e 0 ${calibrationS.toFixed(3)} s)`,
    );
    t.true(exitS < budget, `exit took ${exitS.toFixed(2)} s after SIGINT, budget ${budget.toFixed(2)} s`);
    const res = results(dir);
    t.like(res.scenarios[0], { status: 'error', error: 'interrupted (Ctrl-C)' });
    // What the start-up had made is gone: at once, or by the detached sweep that finishes it (≤ 15 s).
    let left = await objectsOf(pid);
    for (let i = 0; i < 300 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = await objectsOf(pid);
    }
    t.deepEqual(left, [], 'containers and networks of the interrupted run');
  },
);
