import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlHub, families, type LiveLoad } from '../../../harness/traffic/control/hub.ts';
import { exposition } from '../../../harness/traffic/control/openmetrics.ts';
import { executorSchema, type Executor } from '../../../harness/traffic/session-load/index.ts';
import { LiveControl, liveBuffer } from '../../../harness/traffic/session-load/live.ts';
import { requireTool } from '../../helpers/tools.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/**
 * The control endpoint (ARCHITECTURE.md: loopback only, live OpenMetrics text and rate changes):
 * its routes against a real LiveControl, its text checked by Prometheus's own linter (promtool,
 * Debian's prometheus package), control.json written for `ctl` and removed again.
 */
type Open = Extract<Executor, { executor: 'constant-arrival-rate' }>;
const executor = executorSchema.parse({ executor: 'constant-arrival-rate', rate: 100, durationMs: 10_000 }) as Open;

function load(control: LiveControl, scenario = 'core/s5-session-load'): LiveLoad {
  return {
    status: () => ({
      scenario,
      element: 'pgw',
      rate: control.currentRate(),
      paused: control.paused,
      ...control.totals(),
      latency: { p50: 1.5, p95: 3, p99: 4.25, max: 9, mean: 1.75, count: 40 },
    }),
    setRate: (r) => control.setRate(r),
    pause: () => control.pause(),
    resume: () => control.resume(),
  };
}

test('routes: metrics, status, rate, pause, resume; errors are 4xx with a reason; control.json comes and goes', async (t) => {
  const dir = tempDir('v6h-control-');
  const lines: string[] = [];
  const hub = new ControlHub();
  hub.configure({ port: 0, reportDir: dir, announce: (l) => lines.push(l) });
  const control = new LiveControl(liveBuffer(1), executor, 1, () => 1000);
  const { url, unregister } = await hub.register(load(control));
  t.teardown(() => hub.close());
  t.regex(lines[0], /control endpoint http:\/\/127\.0\.0\.1:\d+/);
  t.deepEqual(JSON.parse(readFileSync(join(dir, 'control.json'), 'utf8')).url, url);

  const metrics = await fetch(`${url}/metrics`);
  t.is(metrics.headers.get('content-type'), 'application/openmetrics-text; version=1.0.0; charset=utf-8');
  const text = await metrics.text();
  t.regex(text, /^v6harness_session_rate_target\{scenario="core\/s5-session-load",element="pgw"\} 100$/m);
  t.regex(text, /^v6harness_session_setup_latency_seconds\{.*quantile="0\.99"\} 0\.00425$/m);
  t.true(text.endsWith('# EOF\n'));

  const post = (path: string, body?: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  t.is((await post('/rate', { rate: 250 })).status, 200);
  t.is(control.currentRate(), 250);
  t.is((await post('/rate?value=125')).status, 200);
  t.is(control.currentRate(), 125);
  const bad = await post('/rate', { rate: 'fast' });
  t.is(bad.status, 400);
  t.regex(((await bad.json()) as { error: string }).error, /rate must be a number/);
  t.is((await post('/pause')).status, 200);
  t.true(control.paused);
  const status = (await (await fetch(`${url}/status`)).json()) as { loads: { paused: boolean; rate: number }[] };
  t.deepEqual(
    status.loads.map((l) => [l.paused, l.rate]),
    [[true, 0]],
  );
  t.is((await post('/resume')).status, 200);
  t.is(control.currentRate(), 125);
  t.is((await fetch(`${url}/nothing`)).status, 404);
  // The same port answers on ::1.
  const port = new URL(url).port;
  t.is((await fetch(`http://[::1]:${port}/status`)).status, 200);

  unregister();
  t.is((await post('/rate', { rate: 1 })).status, 409, 'no load is running');
  await hub.close();
  t.false(existsSync(join(dir, 'control.json')), 'the file the hub wrote is removed with it');
  await t.throwsAsync(fetch(`${url}/status`));
});

test('the OpenMetrics text passes promtool check metrics (Prometheus’s own linter)', (t) => {
  const promtool = requireTool('promtool');
  const control = new LiveControl(liveBuffer(1), executor, 2, () => 0);
  const text = exposition(
    families([load(control, 'core/s5-session-load').status(), { ...load(control, 'a"b\\c').status(), segment: '2/2' }]),
  );
  // promtool lints the Prometheus text format 0.0.4: the same samples, with the OpenMetrics-only
  // '# UNIT' and '# EOF' lines left out and a counter's TYPE/HELP naming its _total sample.
  const counters = new Set([...text.matchAll(/^# TYPE (\S+) counter$/gm)].map((m) => m[1]));
  const promText = text
    .split('\n')
    .filter((l) => !l.startsWith('# UNIT') && l !== '# EOF')
    .map((l) =>
      l.replace(/^# (TYPE|HELP) (\S+)/, (all, kind, name) => (counters.has(name) ? `# ${kind} ${name}_total` : all)),
    )
    .join('\n');
  const out = execFileSync(promtool, ['check', 'metrics'], { input: promText, encoding: 'utf8' });
  t.is(out.trim(), '');
  t.regex(text, /scenario="a\\"b\\\\c"/, 'label values are escaped');
  t.throws(() => exposition([{ name: 'bad name', type: 'gauge', help: '', samples: [] }]), { message: /not a valid/ });
});
