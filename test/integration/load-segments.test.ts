import test from 'ava';
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { RunResults, ScenarioResult } from '../../harness/report/results.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Load segments (issue "Performance, wave 2", item 6): the same load as one process and as two
 * (the commands of containers/k8s/load-segments-job.yaml, run here one process per pod index),
 * merged, gives the same totals, and percentiles from the merged histograms comparable to the
 * single run's. Each process has its own in-process PGW stand-in; the load's schedule, IMSIs and
 * counts are what is split.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const v6h = (args: string[]) =>
  execa(process.execPath, [bin, ...args], { cwd: root, reject: false, timeout: 120_000, env: { CI: '1' } });
const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
const metric = (s: ScenarioResult, name: string) => s.metrics.find((m) => m.name === name)?.value;

test('one load as one process and as two segments (the k8s Indexed Job’s command) merges to the same totals', async (t) => {
  const dir = tempDir('v6h-segments-');
  const suite = join(dir, 'load.yaml');
  writeFileSync(
    suite,
    [
      'name: load',
      'scenarios: [core/s5-session-load]',
      'params:',
      '  core/s5-session-load: { executor: constant-arrival-rate, rate: 60, duration: 3s, threads: 2, minRateRatio: 0.5 }',
      '',
    ].join('\n'),
  );
  const single = await v6h(['run', '--suite', suite, '--report-dir', join(dir, 'single'), '--reporter', 'json,pb']);
  t.is(single.exitCode, 0, single.stdout + single.stderr);

  // The pods' command, as the manifest writes it, for each completion index.
  const job = parse(readFileSync(join(root, 'containers/k8s/load-segments-job.yaml'), 'utf8')) as {
    spec: { completions: number; template: { spec: { containers: { command: string[]; args: string[] }[] } } };
  };
  const n = job.spec.completions;
  const [container] = job.spec.template.spec.containers;
  t.deepEqual(container.command, ['/bin/sh', '-c']);
  const command = container.args[0]
    .replace('node harness/cli/v6harness.js', `'${process.execPath}' '${bin}'`)
    .replace('--suite session-load', `--suite '${suite}'`)
    .replace('--target /config/target.yaml', '--target targets/standins.yaml --reporter json,pb')
    .replaceAll('/reports/', `${dir}/`);
  t.regex(command, new RegExp(`--segment \\$\\(\\(JOB_COMPLETION_INDEX \\+ 1\\)\\)/${n}`));
  const pods = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      execa('/bin/sh', ['-c', command], {
        cwd: root,
        reject: false,
        timeout: 120_000,
        env: { CI: '1', JOB_COMPLETION_INDEX: String(i) },
      }),
    ),
  );
  for (const p of pods) t.is(p.exitCode, 0, p.stdout + p.stderr);
  const parts = Array.from({ length: n }, (_, i) => results(join(dir, `segment-${i}`)));
  t.deepEqual(
    parts.map((r) => r.segment),
    Array.from({ length: n }, (_, i) => `${i + 1}/${n}`),
  );
  // Each segment was asked for its share of the rate.
  for (const r of parts) t.is(metric(r.scenarios[0], 'session_rate_requested'), 60 / n);

  const merged = await v6h([
    'merge',
    ...parts.map((_, i) => join(dir, `segment-${i}`)),
    '--report-dir',
    join(dir, 'merged'),
    '--reporter',
    'json',
  ]);
  t.is(merged.exitCode, 0, merged.stdout + merged.stderr);
  const one = results(join(dir, 'single')).scenarios[0];
  const both = results(join(dir, 'merged')).scenarios[0];
  t.is(both.id, 'core/s5-session-load');
  t.is(both.status, 'passed');
  t.is(metric(both, 'session_rate_requested'), metric(one, 'session_rate_requested'));
  t.is(metric(both, 'failures'), 0);
  // Sessions set up over the same window: the per-second series of the segments add up to 180.
  const setups = (s: ScenarioResult) =>
    (s.series ?? []).find((x) => x.name === 'sessions set up per second')!.points.reduce((a, [, v]) => a + v, 0);
  t.is(setups(one), 180);
  t.is(setups(both), 180);
  // Percentiles come from the added histograms: every segment's p50 ≤ merged max, merged p50
  // between the segments' p50s (a percentile of a union lies between the parts' percentiles).
  const p50s = parts.map((r) => metric(r.scenarios[0], 'setup_latency_p50')!);
  const p50 = metric(both, 'setup_latency_p50')!;
  t.true(p50 >= Math.min(...p50s) - 0.01 && p50 <= Math.max(...p50s) + 0.01, `${p50} vs ${p50s}`);
  t.is(metric(both, 'setup_latency_max'), Math.max(...parts.map((r) => metric(r.scenarios[0], 'setup_latency_max')!)));
  t.truthy(both.histograms?.find((h) => h.name === 'setup_latency'));
  t.true(both.checks.every((c) => /^segment \d\/\d: /.test(c.name)));
});
