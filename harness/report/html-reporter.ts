import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKnownDeviation, summarize, type MetricResult, type RunResults, type ScenarioResult } from './results.ts';
import { brief, toJson } from './json-value.ts';
import type { Reporter, RunPlan } from './reporter.ts';
import { timeSeriesSvg } from './time-series-svg.ts';

/** What the report shows of a verification item (seeds/verification-list.yaml). */
export interface ItemHeading {
  id: string;
  en: string;
  ja: string;
}

/**
 * DIR/report.html: one self-contained page (no external assets) that opens from disk. Scenarios
 * are grouped by verification item; metrics are drawn as bars scaled within each metric name.
 */
export class HtmlReporter implements Reporter {
  readonly name = 'html';

  constructor(private readonly items: ItemHeading[]) {}

  end(results: RunResults, plan: RunPlan): void {
    mkdirSync(plan.reportDir, { recursive: true });
    writeFileSync(join(plan.reportDir, 'report.html'), renderHtml(results, this.items));
  }
}

export function renderHtml(results: RunResults, items: ItemHeading[]): string {
  const s = summarize(results);
  const maxByMetric = new Map<string, number>();
  for (const r of results.scenarios)
    for (const m of r.metrics) maxByMetric.set(m.name, Math.max(maxByMetric.get(m.name) ?? 0, Math.abs(m.value)));
  const sections = items.map((item) => {
    const scen = results.scenarios.filter((r) => r.covers.includes(item.id));
    const state =
      scen.length === 0
        ? 'none'
        : scen.every((r) => r.status === 'passed')
          ? 'passed'
          : scen.some((r) => (r.status === 'failed' || r.status === 'error') && !isKnownDeviation(r))
            ? 'failed'
            : 'partial';
    return `<section class="item ${state}">
  <h2><span class="id">${h(item.id)}</span> ${h(item.en)}</h2>
  <p class="ja" lang="ja">${h(item.ja)}</p>
  ${scen.length === 0 ? '<p class="none">No scenario in this run covers this item.</p>' : scen.map((r) => scenarioHtml(r, maxByMetric)).join('\n')}
</section>`;
  });
  const listed = new Set(items.map((i) => i.id));
  const orphans = results.scenarios.filter((r) => !r.covers.some((c) => listed.has(c)));
  if (orphans.length)
    sections.push(
      `<section class="item"><h2>Other scenarios</h2>${orphans.map((r) => scenarioHtml(r, maxByMetric)).join('\n')}</section>`,
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>v6harness report — ${h(results.suite ?? '')} on ${h(results.target)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222}
header{border-bottom:2px solid #ddd;margin-bottom:1em}
.totals span{display:inline-block;margin-right:1.2em;font-weight:600}
.passed-t{color:#1a7f37}.failed-t{color:#cf222e}.error-t{color:#9a6700}.skipped-t{color:#666}.deviation-t{color:#6639ba}
section.item{border-left:6px solid #ccc;padding:.2em 1em;margin:1.2em 0;background:#fafafa}
section.item.passed{border-color:#1a7f37}section.item.failed{border-color:#cf222e}section.item.partial{border-color:#9a6700}
h2{font-size:1.1em;margin:.5em 0}.id{font-family:monospace;background:#eee;padding:0 .3em}.ja{color:#555;margin:0 0 .5em}
details.scenario{background:#fff;border:1px solid #ddd;margin:.4em 0;padding:.3em .6em}
summary{cursor:pointer}.badge{display:inline-block;min-width:4.5em;text-align:center;border-radius:3px;color:#fff;font-size:.85em;margin-right:.5em}
.badge.passed{background:#1a7f37}.badge.failed{background:#cf222e}.badge.error{background:#9a6700}.badge.skipped{background:#888}.badge.deviation{background:#6639ba}
table{border-collapse:collapse;width:100%;margin:.4em 0}td,th{border-bottom:1px solid #eee;padding:.2em .4em;text-align:left;vertical-align:top}
td.ok{color:#1a7f37}td.bad{color:#cf222e;font-weight:600}code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{white-space:pre-wrap;margin:0}
.bar{background:#e8eef7;height:1em;position:relative;min-width:12em}.bar>div{background:#4a78c2;height:100%}
.none{color:#888;font-style:italic}figure.series{margin:.4em 0}figure.series svg{background:#f6f8fb}figcaption{font-size:.9em;color:#444}
</style></head><body>
<header><h1>v6harness report</h1>
<p>Suite <b>${h(results.suite ?? '-')}</b> · target <b>${h(results.target)}</b> · started ${h(results.startedAt)} · v6harness ${h(results.version)}${results.interrupted ? ' · <b class="failed-t">interrupted</b>' : ''}</p>
<p class="totals"><span class="passed-t">${s.passed} passed</span><span class="failed-t">${s.failed} failed</span><span class="error-t">${s.error} error</span><span class="skipped-t">${s.skipped} skipped</span>${s.deviation ? `<span class="deviation-t">${s.deviation} known deviation(s)</span>` : ''}</p></header>
${matrices(results)}
${sections.join('\n')}
<script type="application/json" id="results">${toJson(results).replace(/</g, '\\u003c')}</script>
</body></html>
`;
}

/**
 * One table per scenario definition whose instances recorded facts (e.g. the roaming matrix:
 * visited network × UE profile × breakout → PDN types held, IPv6 end to end), a row per instance.
 */
function matrices(results: RunResults): string {
  const byDefinition = new Map<string, ScenarioResult[]>();
  for (const r of results.scenarios) {
    if (!r.facts || Object.keys(r.facts).length === 0) continue;
    const base = r.id.split('/').slice(0, 2).join('/');
    byDefinition.set(base, [...(byDefinition.get(base) ?? []), r]);
  }
  return [...byDefinition]
    .map(([base, rs]) => {
      const columns = [...new Set(rs.flatMap((r) => Object.keys(r.facts!)))];
      const rows = rs
        .map(
          (r) =>
            `<tr><td><span class="badge ${r.status}">${r.status}</span></td>${columns.map((c) => `<td>${h(r.facts![c] ?? '')}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<section class="item"><h2>Matrix: <code>${h(base)}</code></h2><table><tr><th></th>${columns.map((c) => `<th>${h(c)}</th>`).join('')}</tr>${rows}</table></section>`;
    })
    .join('\n');
}

function scenarioHtml(r: ScenarioResult, maxByMetric: Map<string, number>): string {
  const known = isKnownDeviation(r);
  const failed = r.status !== 'passed' && !known;
  const badge = known
    ? `<span class="badge deviation" title="${h(r.status)}">known deviation</span>`
    : `<span class="badge ${r.status}">${r.status}</span>`;
  const expectation = r.expected
    ? `<p class="${known ? 'deviation-t' : 'bad'}"><b>${known ? 'Known deviation of the DUT' : 'Changed from the expected result'}:</b> ${h(r.expected.change ?? r.expected.reason)} <small>(expected ${h(r.expected.status)}; ${h(r.expected.clause)})</small></p>`
    : '';
  return `<details class="scenario"${failed ? ' open' : ''}><summary>${badge}<code>${h(r.id)}</code> — ${h(r.title)} <small>(${r.durationMs} ms${r.warnings ? `, ${r.warnings} warning(s)` : ''}${r.element ? `, element at fault: <b>${h(r.element)}</b>` : ''})</small></summary>
${expectation}
${r.error ? `<p class="bad"><b>${h(r.error)}</b></p>` : ''}
${
  r.checks.length
    ? `<table><tr><th></th><th>check</th><th>level</th><th>expected</th><th>observed</th><th>clause</th></tr>${r.checks
        .map(
          (c) =>
            `<tr><td class="${c.ok ? 'ok' : 'bad'}">${c.ok ? '✓' : '✗'}</td><td>${h(c.name)}${c.diff ? `<pre>${h(c.diff.join('\n'))}</pre>` : ''}</td><td>${c.level}</td><td><code>${h(brief(c.expected, 400))}</code></td><td><code>${h(brief(c.observed, 400))}</code></td><td>${h(c.clause ?? '')}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${r.metrics.length ? `<table><tr><th>metric</th><th>value</th><th></th></tr>${r.metrics.map((m) => metricRow(m, maxByMetric)).join('')}</table>` : ''}
${r.series?.length ? r.series.map((s) => timeSeriesSvg(s)).join('\n') : ''}
${r.artifacts.length ? `<p>Artifacts: ${r.artifacts.map((a) => `<a href="${h(a)}">${h(a)}</a>`).join(', ')}</p>` : ''}
${r.logs?.length ? `<pre>${h(r.logs.join('\n'))}</pre>` : ''}
</details>`;
}

function metricRow(m: MetricResult, maxByMetric: Map<string, number>): string {
  const max = maxByMetric.get(m.name) || 1;
  const pct = Math.max(1, Math.round((Math.abs(m.value) / max) * 100));
  return `<tr><td>${h(m.name)}</td><td>${h(formatNumber(m.value))} ${h(m.unit)}</td><td><div class="bar" title="${h(`${m.value} ${m.unit}`)}"><div style="width:${pct}%"></div></div></td></tr>`;
}

function formatNumber(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

function h(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
