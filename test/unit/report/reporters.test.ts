import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit } from '../../../harness/report/junit-reporter.ts';
import { renderHtml } from '../../../harness/report/html-reporter.ts';
import { appendRecord, readRuns, scenarioToPb } from '../../../harness/report/results-stream.ts';
import type { RunResults } from '../../../harness/report/results.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const results: RunResults = {
  tool: 'v6harness',
  version: '0.1.0',
  startedAt: '2026-11-24T00:00:00.000Z',
  target: 'standins',
  suite: 'core',
  scenarios: [
    {
      id: 'core/s5-echo',
      title: 'Echo <answered> & "quoted"',
      covers: ['MNO-CORE'],
      status: 'passed',
      warnings: 0,
      durationMs: 12,
      checks: [
        {
          name: 'type',
          ok: true,
          level: 'MUST',
          expected: 'echo-response',
          observed: 'echo-response',
          clause: 'TS 29.274 §7.1.2',
        },
      ],
      metrics: [{ name: 'echo_rtt', value: 0.42, unit: 'ms' }],
      artifacts: ['pcap/core_s5-echo.pcap'],
      tags: ['gtpv2c'],
    },
    {
      id: 'core/s5-echo-restart-counter',
      title: 'Restart counter',
      covers: ['MNO-CORE'],
      status: 'failed',
      warnings: 1,
      durationMs: 30,
      checks: [
        {
          name: 'restart counter unchanged',
          ok: false,
          level: 'MUST',
          expected: 4,
          observed: 5,
          clause: 'TS 23.007 §18',
          element: 'pgw',
        },
        { name: 'soft', ok: false, level: 'SHOULD', expected: 1, observed: 2, diff: ['a: expected 1, observed 2'] },
      ],
      metrics: [],
      element: 'pgw',
      artifacts: [],
      tags: [],
    },
    {
      id: 'ran/x',
      title: 'x',
      covers: ['MNO-RAN'],
      status: 'error',
      warnings: 0,
      durationMs: 1,
      checks: [],
      metrics: [],
      artifacts: [],
      error: 'timed out after 1 s\u0001',
    },
    {
      id: 'ran/y',
      title: 'y',
      covers: ['MNO-RAN'],
      status: 'skipped',
      warnings: 0,
      durationMs: 0,
      checks: [],
      metrics: [],
      artifacts: [],
      error: 'not run',
    },
  ],
};

test('junit.xml is well-formed and parses back to one testcase per scenario with classname = area', (t) => {
  const xml = renderJunit(results);
  t.true(XMLValidator.validate(xml) === true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
    testsuites: {
      tests: string;
      failures: string;
      errors: string;
      skipped: string;
      testsuite: { testcase: Record<string, unknown>[] };
    };
  };
  t.like(doc.testsuites, { tests: '4', failures: '1', errors: '1', skipped: '1' });
  const cases = doc.testsuites.testsuite.testcase;
  t.deepEqual(
    cases.map((c) => [c.classname, c.name]),
    [
      ['core', 'core/s5-echo'],
      ['core', 'core/s5-echo-restart-counter'],
      ['ran', 'ran/x'],
      ['ran', 'ran/y'],
    ],
  );
  const failure = cases[1].failure as Record<string, string>;
  t.is(failure.message, 'restart counter unchanged: expected 4, observed 5 (TS 23.007 §18)');
  t.regex(failure['#text'], /expected: 4\n\s+observed: 5/);
  t.is((cases[2].error as Record<string, string>).message, 'timed out after 1 s');
  t.truthy(cases[3].skipped);
});

test('report.html is self-contained, grouped by verification item, and embeds the results', (t) => {
  const html = renderHtml(results, [
    { id: 'MNO-CORE', en: 'Core network signalling.', ja: 'コア' },
    { id: 'MNO-RAN', en: 'RAN', ja: '無線' },
    { id: 'MNO-TERM', en: 'Terminal', ja: '端末' },
  ]);
  t.notRegex(html, /<(script|link|img)[^>]+(src|href)=["']?https?:/);
  t.regex(html, /<section class="item failed">\s*<h2><span class="id">MNO-CORE<\/span>/);
  t.regex(
    html,
    /<section class="item uncovered"><h2>1 verification item not covered by this run<\/h2><p class="none">No scenario in this run covers these items\.<\/p><ul><li><span class="id">MNO-TERM<\/span> Terminal <span class="ja" lang="ja">端末<\/span>/,
  );
  t.regex(html, /Echo &lt;answered&gt; &amp; &quot;quoted&quot;/);
  t.regex(html, /class="bar"/);
  const embedded = /<script type="application\/json" id="results">(.*?)<\/script>/s.exec(html)![1];
  t.is((JSON.parse(embedded) as RunResults).scenarios.length, 4);
});

test('results.pb: runs appended to one stream read back equal, a truncated tail is reported', (t) => {
  const dir = tempDir('pb');
  const file = join(dir, 'results.pb');
  for (const runId of ['run-1', 'run-2']) {
    appendRecord(file, {
      runId,
      start: {
        tool: 'v6harness',
        version: results.version,
        startedAt: results.startedAt,
        target: results.target,
        suite: results.suite!,
      },
    });
    for (const s of results.scenarios) appendRecord(file, { runId, scenario: scenarioToPb(s) });
    appendRecord(file, { runId, end: { interrupted: false } });
  }
  const runs = readRuns(file);
  t.is(runs.length, 2);
  const expected = JSON.parse(JSON.stringify(results)) as RunResults;
  for (const s of expected.scenarios) s.tags ??= [];
  t.deepEqual(runs[1], expected);
  appendFileSync(file, Buffer.from([0x0a, 0xff, 0x01]));
  t.throws(() => readRuns(file), { message: /unreadable record at byte/ });
  writeFileSync(file, '');
  t.deepEqual(readRuns(file), []);
  t.truthy(readFileSync);
});

test('facts: one matrix per scenario definition in report.html, and facts survive results.pb', (t) => {
  const cell = (visited: string, held: string) => ({
    id: `roaming/visited-network/visited-${visited}`,
    title: 'roaming',
    covers: ['MNO-TERM'],
    status: 'passed' as const,
    warnings: 0,
    durationMs: 1,
    checks: [{ name: 'held', ok: true, level: 'MUST' as const, expected: held, observed: held }],
    metrics: [],
    artifacts: [],
    facts: { 'visited network': visited, 'PDN types held': held },
  });
  const run: RunResults = { ...results, scenarios: [cell('dual-stack', 'ipv4v6'), cell('ipv4-only', 'ipv4')] };
  const html = renderHtml(run, [{ id: 'MNO-TERM', en: 'Terminal', ja: '端末' }]);
  const table = html.slice(html.indexOf('Matrix: <code>roaming/visited-network</code>'));
  t.true(table.length > 0);
  t.regex(
    table,
    /<th>visited network<\/th><th>PDN types held<\/th>.*<td>dual-stack<\/td><td>ipv4v6<\/td>.*<td>ipv4-only<\/td><td>ipv4<\/td>/s,
  );
  const dir = tempDir('facts');
  const file = join(dir, 'results.pb');
  appendRecord(file, {
    runId: 'r1',
    start: { tool: 'v6harness', version: '0.1.0', startedAt: run.startedAt, target: 't', suite: 's' },
  });
  appendRecord(file, { runId: 'r1', scenario: scenarioToPb(run.scenarios[0]) });
  appendRecord(file, { runId: 'r1', end: { interrupted: false } });
  t.deepEqual(readRuns(file)[0].scenarios[0].facts, { 'visited network': 'dual-stack', 'PDN types held': 'ipv4v6' });
});

test('facts: definitions tagged matrix:NAME share one matrix (the roaming matrix gains its 5GS rows)', (t) => {
  const row = (id: string, access: string) => ({
    id,
    title: 'roaming',
    covers: ['MNO-TERM'],
    status: 'passed' as const,
    warnings: 0,
    durationMs: 1,
    checks: [],
    metrics: [],
    artifacts: [],
    tags: ['roaming', 'matrix:roaming'],
    facts: { 'visited network': access, breakout: 'home-routed' },
  });
  const run: RunResults = {
    ...results,
    scenarios: [
      row('roaming/visited-network/visited-dual-stack', 'dual-stack'),
      row('roaming/home-routed-5gs/type-ipv6', '5GS'),
    ],
  };
  const html = renderHtml(run, [{ id: 'MNO-TERM', en: 'Terminal', ja: '端末' }]);
  t.is(html.split('Matrix: <code>').length, 2, 'one matrix');
  const table = html.slice(html.indexOf('Matrix: <code>roaming</code>'));
  t.regex(
    table,
    /<code>visited-network\/visited-dual-stack<\/code>.*<td>dual-stack<\/td>.*<code>home-routed-5gs\/type-ipv6<\/code>.*<td>5GS<\/td>/s,
  );
});

test('series: a time-series chart per series in report.html (axes labelled, a point per second), and series survive results.pb', (t) => {
  const points: [number, number][] = [
    [0, 1.5],
    [1, 2.25],
    [2, 95.125],
    [3, 1.75],
  ];
  const scenario = {
    ...results.scenarios[0],
    id: 'iot/control-loop',
    covers: ['IOT-QOS'],
    series: [{ name: 'round-trip delay p99', unit: 'ms', points }],
  };
  const run: RunResults = { ...results, scenarios: [scenario] };
  const html = renderHtml(run, [{ id: 'IOT-QOS', en: 'IoT QoS', ja: 'IoT' }]);
  const chart = html.slice(html.indexOf('<figure class="series">'), html.indexOf('</figure>'));
  t.true(chart.includes('round-trip delay p99 (ms) over time'));
  // y from 0 to the maximum, x from the first to the last second.
  t.regex(chart, />95\.125<\/text>.*>0<\/text>.*>0 s<\/text>.*>3 s<\/text>/s);
  const line = /<polyline [^>]*points="([^"]+)"/
    .exec(chart)![1]
    .split(' ')
    .map((xy) => xy.split(',').map(Number));
  t.is(line.length, 4);
  // The stall (third point) is drawn highest: the smallest y.
  t.is(
    line.reduce((best, p, i) => (p[1] < line[best][1] ? i : best), 0),
    2,
  );
  t.regex(chart, /<title>2 s: 95\.125 ms<\/title>/);
  const dir = tempDir('series');
  const file = join(dir, 'results.pb');
  appendRecord(file, {
    runId: 'r1',
    start: { tool: 'v6harness', version: '0.1.0', startedAt: run.startedAt, target: 't', suite: 's' },
  });
  appendRecord(file, { runId: 'r1', scenario: scenarioToPb(scenario) });
  appendRecord(file, { runId: 'r1', end: { interrupted: false } });
  t.deepEqual(readRuns(file)[0].scenarios[0].series, [{ name: 'round-trip delay p99', unit: 'ms', points }]);
});
