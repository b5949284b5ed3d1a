import test from 'ava';
import { execa } from 'execa';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../../harness/report/results.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { requireTool } from '../helpers/tools.ts';

/**
 * Live control of a running load (issue "Performance, wave 2", items 4 and 5): while
 * core/s5-session-load runs, a real Prometheus (Debian's prometheus) scrapes the run's control
 * endpoint, `v6harness ctl rate` triples the rate, and Prometheus sees the new target rate and the
 * counters grow; the run's time series shows the change and the sessions set up per second follow it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'harness/cli/v6harness.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

test('ctl rate changes a running load; Prometheus scrapes the OpenMetrics endpoint and sees it', async (t) => {
  const prometheus = requireTool('prometheus');
  const dir = tempDir('v6h-live-');
  const suite = join(dir, 'live.yaml');
  writeFileSync(
    suite,
    'name: live\ntimeout: 120\nscenarios: [core/s5-session-load]\nparams:\n  core/s5-session-load: { executor: constant-arrival-rate, rate: 30, duration: 30s, threads: 2, minRateRatio: 0.5 }\n',
  );
  const [controlPort, promPort] = [await freePort(), await freePort()];
  const reportDir = join(dir, 'report');
  const run = execa(
    process.execPath,
    [
      bin,
      'run',
      '--suite',
      suite,
      '--report-dir',
      reportDir,
      '--reporter',
      'json',
      '--control-port',
      String(controlPort),
    ],
    { cwd: root, reject: false, timeout: 180_000, env: { CI: '1' } },
  );
  t.teardown(() => run.kill('SIGKILL'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global: { scrape_interval: 2s, scrape_timeout: 2s }\nscrape_configs:\n  - job_name: v6harness\n    static_configs: [{ targets: ['127.0.0.1:${controlPort}'] }]\n`,
  );
  const prom = execa(
    prometheus,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ],
    { reject: false },
  );
  t.teardown(() => prom.kill('SIGKILL'));
  const api = `http://127.0.0.1:${promPort}/api/v1`;
  const query = async (q: string) => {
    const r = (await (await fetch(`${api}/query?query=${encodeURIComponent(q)}`)).json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return r.data.result;
  };

  await until('the run to serve its control endpoint', () =>
    existsSync(join(reportDir, 'control.json')) ? true : undefined,
  );
  const url = JSON.parse(readFileSync(join(reportDir, 'control.json'), 'utf8')).url as string;
  t.is(url, `http://127.0.0.1:${controlPort}`);
  // Prometheus scraped it and parsed the OpenMetrics text (a parse error leaves the target down with lastError).
  const target = await until('Prometheus to scrape the endpoint', async () => {
    try {
      const r = (await (await fetch(`${api}/targets`)).json()) as {
        data: { activeTargets: { health: string; lastError: string }[] };
      };
      // Its first scrapes may come before the run listens: wait for one that succeeded.
      const a = r.data.activeTargets[0];
      return a?.health === 'up' ? a : undefined;
    } catch {
      return undefined;
    }
  });
  t.deepEqual(target, { ...target, health: 'up', lastError: '' });
  const before = await query('v6harness_session_rate_target');
  t.is(Number(before[0]?.value[1]), 30);
  t.is(before[0]?.metric.scenario, 'core/s5-session-load');

  const ctl = await execa(process.execPath, [bin, 'ctl', 'rate', '90', '--report-dir', reportDir], {
    cwd: root,
    reject: false,
  });
  t.is(ctl.exitCode, 0, ctl.stderr);
  const changedAt = Date.now();
  const after = await until(
    'Prometheus to see the new rate',
    async () => {
      const r = await query('v6harness_session_rate_target');
      return Number(r[0]?.value[1]) === 90 ? r : undefined;
    },
    20_000,
  );
  t.is(after.length, 1);
  const setups = await query('v6harness_session_setups_total');
  t.true(Number(setups[0]?.value[1]) > 0);
  t.true(Date.now() - changedAt < 30_000);

  const done = await run;
  t.is(done.exitCode, 0, done.stdout + done.stderr);
  t.false(existsSync(join(reportDir, 'control.json')), 'control.json is removed when the run ends');
  const s = (JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as RunResults).scenarios[0];
  const requested = s.series?.find((x) => x.name === 'requested rate (live changes)');
  t.truthy(requested, JSON.stringify(s.series));
  t.deepEqual(requested!.points[0], [0, 30]);
  const [changeS, rate] = requested!.points[1];
  t.is(rate, 90);
  // Sessions set up per second follow the change: well above the old rate two seconds after it.
  const perSecond = s.series!.find((x) => x.name === 'sessions set up per second')!.points;
  const mean = (pts: [number, number][]) => pts.reduce((a, [, v]) => a + v, 0) / Math.max(1, pts.length);
  const old = mean(perSecond.filter(([x]) => x + 1 <= changeS));
  const raised = mean(perSecond.filter(([x]) => x >= changeS + 2 && x < 29));
  t.true(raised > 2 * old, `before ${old}/s, after ${raised}/s`);
});
