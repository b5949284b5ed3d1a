import { Writable } from 'node:stream';
import { join } from 'node:path';
import test from 'ava';
import { ConsoleReporter } from '../../../harness/report/console-reporter.ts';
import { formatFigure } from '../../../harness/report/figures.ts';
import { renderHtml } from '../../../harness/report/html-reporter.ts';
import { appendRecord, readRuns, scenarioToPb } from '../../../harness/report/results-stream.ts';
import type { CheckResult, RunResults, ScenarioResult } from '../../../harness/report/results.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const check = (name: string, ok: boolean, level: CheckResult['level'] = 'MUST'): CheckResult => ({
  name,
  ok,
  level,
  expected: 1,
  observed: ok ? 1 : 2,
  clause: 'TS 29.274 §7.1.2',
});
const scenario = (id: string, over: Partial<ScenarioResult> = {}): ScenarioResult => ({
  id,
  title: id,
  covers: ['MNO-CORE'],
  status: 'passed',
  warnings: 0,
  durationMs: 5,
  checks: [check('held', true)],
  metrics: [],
  artifacts: [],
  ...over,
});
const throughput = (len: number, pps: number): ScenarioResult =>
  scenario(`core/s5u-throughput/innerlength-${len}`, {
    metrics: [
      { name: 'throughput', value: pps, unit: 'packets/s' },
      { name: 'throughput_inner', value: (pps * len * 8) / 1e6, unit: 'Mbit/s' },
    ],
    checks: [check('held', true), { ...check('threshold throughput > 1000', pps > 1000), observed: pps }],
    facts: {
      'inner IPv6 packet': `${len} octets`,
      throughput: `${pps} packets/s`,
      'inner Mbit/s': ((pps * len * 8) / 1e6).toFixed(1),
    },
  });
const run: RunResults = {
  tool: 'v6harness',
  version: '0.1.0',
  startedAt: '2026-11-24T00:00:00.000Z',
  target: 'standins',
  suite: 'core',
  scenarios: [
    throughput(64, 98_400),
    throughput(1500, 812),
    scenario('core/s5-echo', {
      status: 'failed',
      element: 'pgw',
      checks: [check('PGW answers the Echo Request', false), check('answered without retransmission', false, 'SHOULD')],
      metrics: [{ name: 'echo_rtt', value: 0.42, unit: 'ms' }],
    }),
    scenario('gateway/dns64-ttl', { covers: ['MNO-GATEWAY'], warnings: 1, checks: [check('TTL', false, 'SHOULD')] }),
  ],
};

function consoleOutput(r: RunResults, summaryOnly = false): string {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const c = new ConsoleReporter(sink, { summaryOnly });
  const plan = {
    suite: r.suite,
    target: r.target,
    total: r.scenarios.length,
    startedAt: new Date(),
    reportDir: 'D',
    version: '0',
  };
  c.begin(plan);
  for (const s of r.scenarios) c.scenarioEnded(s);
  c.end(r, plan);
  return out;
}

test('figures: three significant digits, thousands as k/M, packets/s as pps', (t) => {
  t.is(formatFigure(98_400, 'packets/s'), '98.4 k pps');
  t.is(formatFigure(1_234_567, 'packets/s'), '1.23 M pps');
  t.is(formatFigure(812, 'packets/s'), '812 pps');
  t.is(formatFigure(0.4213, 'ms'), '0.421 ms');
  t.is(formatFigure(50.3808, 'Mbit/s'), '50.4 Mbit/s');
});

test('console: key figure per scenario, a ✓/✗ line per threshold, never an average over scenarios', (t) => {
  const out = consoleOutput(run);
  t.regex(out, /^✓ core\/s5u-throughput\/innerlength-64 {2}98\.4 k pps {2}\(5 ms\)$/m);
  t.regex(out, /^✗ core\/s5-echo {2}0\.42 ms {2}\(5 ms, element: pgw\)$/m);
  t.regex(out, /^ {4}✗ PGW answers the Echo Request {2}\[MUST\]/m);
  t.regex(
    out,
    /^ {4}✗ answered without retransmission {2}\[SHOULD\]/m,
    'a SHOULD that failed a strict run is no warning',
  );
  t.regex(out, /^ {4}⚠ TTL {2}\[SHOULD\]/m);
  t.regex(
    out,
    /thresholds\n {4}✗ throughput > 1000 packets\/s: 1 of 2 scenarios within\n {8}✓ core\/s5u-throughput\/innerlength-64 98\.4 k pps\n {8}✗ core\/s5u-throughput\/innerlength-1500 812 pps/,
  );
  t.notRegex(out, /avg=/);
  t.regex(out, /warnings\.+: 1 SHOULD\/MAY-level finding\(s\) in 1 scenario\(s\)/);
  t.regex(
    out,
    /1 did not pass:\n {4}✗ core\/s5-echo {2}element: pgw {2}PGW answers the Echo Request: expected 1, observed 2/,
  );
  t.regex(out, /⚠ gateway\/dns64-ttl {2}TTL {2}\[SHOULD\] {2}TS 29\.274 §7\.1\.2: expected 1, observed 2/);
  const withBaseline = consoleOutput({
    ...run,
    scenarios: [
      {
        ...run.scenarios[0],
        checks: [
          {
            ...check('baseline throughput', false),
            expected: '≥ 99000 packets/s (baseline 110000, tolerance 10 %)',
            observed: 98_400,
          },
        ],
      },
    ],
  });
  t.regex(
    withBaseline,
    /baseline \(0 of 1 within\)\n {4}✗ core\/s5u-throughput\/innerlength-64 throughput 98\.4 k pps, expected ≥ 99000 packets\/s \(baseline 110000, tolerance 10 %\)/,
  );
  const quiet = consoleOutput(run, true);
  t.notRegex(quiet, /^✓ core/m, 'summary only');
  t.regex(quiet, /scenarios\.+: 3 passed, 1 failed, 0 error, 0 skipped/);
  const clean = consoleOutput({ ...run, scenarios: [run.scenarios[0]] });
  t.regex(clean, /warnings\.+: 0\n/, 'the warning count is shown when there is none');
});

test('report.html: failures first with links, warning count, bars per metric and unit with an axis, CJK fonts', (t) => {
  const html = renderHtml(run, [
    { id: 'MNO-CORE', en: 'Core', ja: 'コアネットワーク' },
    { id: 'MNO-GATEWAY', en: 'Gateway', ja: 'ゲートウェイ' },
  ]);
  const failures = html.indexOf('<section id="failures">');
  t.true(failures > 0 && failures < html.indexOf('<section class="item'), 'failures before everything else');
  t.regex(
    html,
    /<section id="failures"><h2>1 failure<\/h2><ol><li data-status="failed"><a href="#scenario-core\/s5-echo">/,
  );
  t.regex(html, /id="scenario-core\/s5-echo"/);
  t.regex(html, /element <b>pgw<\/b> — PGW answers the Echo Request: expected 1, observed 2 \(TS 29\.274 §7\.1\.2\)/);
  t.regex(html, /<span class="warnings-t"[^>]*>1 warning<\/span>/);
  t.regex(html, /<input type="checkbox" data-filter-status="failed" checked>/);
  t.regex(html, /<input type="search" id="search"/);
  // throughput 98.4 k pps is the full bar and 812 pps is ~1 % of it; echo_rtt has its own scale.
  t.regex(
    html,
    /<td>98\.4 k pps<\/td><td><div class="bar"[^>]*><div style="width:100%"><\/div><\/div><div class="axis"><span>0<\/span><span>98\.4 k pps<\/span>/,
  );
  t.regex(
    html,
    /<td>812 pps<\/td><td><div class="bar"[^>]*><div style="width:1%"><\/div><\/div><div class="axis"><span>0<\/span><span>98\.4 k pps<\/span>/,
  );
  t.regex(html, /<td>0\.42 ms<\/td><td><div class="bar"[^>]*><div style="width:100%">/);
  // The throughput matrix: instance, frame size and Mbit/s beside packets/s.
  t.regex(
    html,
    /<th>instance<\/th><th>inner IPv6 packet<\/th><th>throughput<\/th><th>inner Mbit\/s<\/th>.*<code>innerlength-64<\/code><\/a><\/td><td>64 octets<\/td><td>98400 packets\/s<\/td><td>50\.4<\/td>/s,
  );
  t.regex(html, /:lang\(ja\),\.ja\{font-family:"Noto Sans CJK JP",[^}]*"Hiragino Sans"[^}]*"Yu Gothic"/);
  t.regex(html, /<p class="ja" lang="ja">コアネットワーク<\/p>/);
  t.notRegex(html, /(src|href)=["']?(https?:)?\/\//);
  t.notRegex(html, /@import|url\(/);
});

test('a series with a budget draws it as a line; the budget survives results.pb', (t) => {
  const points: [number, number][] = [
    [0, 4],
    [1, 6],
  ];
  const s = scenario('iot/control-loop', {
    series: [{ name: 'round-trip delay p99', unit: 'ms', points, budget: 20 }],
  });
  const html = renderHtml({ ...run, scenarios: [s] }, []);
  t.regex(html, /over time, budget 20 ms<\/figcaption>/);
  // The y axis reaches the budget (above the largest point), and the line is drawn at its top.
  t.regex(html, /<text [^>]*>20<\/text>/);
  t.regex(html, /<line class="budget" x1="56" y1="8\.0" x2="632" y2="8\.0"/);
  const file = join(tempDir('budget'), 'results.pb');
  appendRecord(file, {
    runId: 'r',
    start: { tool: 'v6harness', version: '0', startedAt: 'x', target: 't', suite: 's' },
  });
  appendRecord(file, { runId: 'r', scenario: scenarioToPb(s) });
  t.deepEqual(readRuns(file)[0].scenarios[0].series, s.series);
  const plain = scenario('iot/x', { series: [{ name: 'p50', unit: 'ms', points }] });
  appendRecord(file, { runId: 'q', scenario: scenarioToPb(plain) });
  t.deepEqual(readRuns(file)[1].scenarios[0].series, plain.series, 'no budget stays absent');
});
