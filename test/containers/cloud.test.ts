import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa } from 'execa';
import { parse } from 'yaml';
import { targetSchema } from '../../harness/lab/index.ts';
import type { RunResults } from '../../harness/report/results.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { dockerProblem, needDocker } from '../helpers/docker.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The cloud suite (issue "Reliability, privacy and cloud-core fault scenarios") on the docker lab:
 * faults injected into the PGW's container (kill + start, freeze, partition, CPU cap) are detected
 * and recovered from, with the times reported; a PGW that forgets its restart counter in a crash
 * fails the crash scenario for that reason. In CI (CI set) a missing Docker is a failure.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const base = targetSchema.parse(parse(readFileSync(join(root, 'targets/docker.yaml'), 'utf8')));

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial('the cloud suite passes on the docker lab and reports detect/recover times for every fault', async (t) => {
  if (!needDocker(t, why)) return;
  const dir = tempDir('cloud');
  const run = execa(
    process.execPath,
    [bin, 'run', '--suite', 'cloud', '--target', 'targets/docker.yaml', '--report-dir', dir],
    { cwd: root, reject: false, timeout: 600_000 },
  );
  const r = await run;
  t.is(r.exitCode, 0, r.stdout.slice(-4000) + r.stderr);
  const res = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
  const byId = new Map(res.scenarios.map((s) => [s.id, s]));
  for (const id of [
    'cloud/pgw-crash-restart',
    'cloud/pgw-u-crash-restart',
    'cloud/pgw-freeze',
    'cloud/pgw-partition',
    'cloud/pgw-cpu-starvation',
  ]) {
    const names = byId.get(id)?.metrics.map((m) => m.name) ?? [];
    t.true(names.includes('detect_ms') && names.includes('recover_ms'), `${id}: ${names.join(', ')}`);
  }
  t.is(byId.get('cloud/pgw-crash-restart')?.metrics.find((m) => m.name === 'sessions_lost')?.value, 20);
  t.is(byId.get('cloud/pgw-freeze')?.metrics.find((m) => m.name === 'sessions_lost')?.value, 0);
  t.true(
    (byId.get('cloud/pgw-cpu-starvation')?.metrics.find((m) => m.name === 'create_latency_growth')?.value ?? 0) > 1,
  );
  const left = (await execa('docker', ['ps', '-aq', '--filter', `label=v6harness.pid=${run.pid}`])).stdout.trim();
  t.is(left, '');
});

test.serial(
  'a PGW that keeps its restart counter in memory only fails the crash scenario for that reason',
  async (t) => {
    if (!needDocker(t, why)) return;
    const target = targetSchema.parse({
      ...base,
      elements: { ...base.elements, pgw: { ...base.elements.pgw, faults: ['volatile-restart-counter'] } },
    });
    const [r] = await runScenarios('cloud/pgw-crash-restart', target, 90);
    t.is(r.status, 'failed', failures(r).join('\n'));
    const c = r.checks.find((x) => !x.ok)!;
    t.is(c.name, 'the restarted PGW reports a new restart counter');
    t.is(c.element, 'pgw');
    t.regex(c.clause ?? '', /TS 23\.007 §18/);
    t.deepEqual(r.checks.filter((x) => !x.ok).length, 1, failures(r).join('\n'));
  },
);

test('on the in-process lab the fault scenarios say the lab cannot inject faults, naming the lab', async (t) => {
  const { loadTarget } = await import('../../harness/runner/target-file.ts');
  const [r] = await runScenarios('cloud/pgw-freeze', loadTarget().target, 20);
  t.is(r.status, 'failed');
  t.is(r.checks[0].element, 'lab');
  t.regex(String(r.checks[0].observed), /docker lab/);
});

test.serial(
  'a PGW whose kernel SGi delivers UE packets to its own GTP-C socket fails control-plane isolation',
  async (t) => {
    if (!needDocker(t, why)) return;
    const target = targetSchema.parse({
      ...base,
      elements: { ...base.elements, pgw: { ...base.elements.pgw, faults: ['open-sgi-input'] } },
    });
    const [r] = await runScenarios('cloud/control-plane-isolation', target, 60);
    t.is(r.status, 'failed', failures(r).join('\n'));
    const c = r.checks.find((x) => !x.ok)!;
    t.regex(
      String(c.observed),
      /^answered \(\d+ octets from fd00:6:1::[0-9a-f]+\): the control plane is reachable from the user plane$/,
    );
    t.is(c.element, 'pgw');
  },
);

test.serial(
  'a PGW-U with a fixed Recovery Time Stamp fails the user-plane crash scenario for that reason',
  async (t) => {
    if (!needDocker(t, why)) return;
    const target = targetSchema.parse({
      ...base,
      elements: { ...base.elements, 'pgw-u': { ...base.elements['pgw-u'], faults: ['fixed-recovery-time-stamp'] } },
    });
    const [r] = await runScenarios('cloud/pgw-u-crash-restart', target, 90);
    t.is(r.status, 'failed', failures(r).join('\n'));
    t.deepEqual(
      r.checks.filter((x) => !x.ok).map((x) => x.name),
      ['the restarted PGW-U reports a new Recovery Time Stamp'],
    );
  },
);
