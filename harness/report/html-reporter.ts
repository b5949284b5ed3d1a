import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKnownDeviation, summarize, type MetricResult, type RunResults, type ScenarioResult } from './results.ts';
import { brief, toJson } from './json-value.ts';
import type { Reporter } from './reporter.ts';
import { timeSeriesSvg } from './time-series-svg.ts';
import { formatFigure, warningChecks, warningCount } from './figures.ts';
import { REPORT_SCRIPT, REPORT_STYLE } from './html-assets.ts';

/** What the report shows of a verification item (seeds/verification-list.yaml). */
export interface ItemHeading {
  id: string;
  en: string;
  ja: string;
}

/**
 * DIR/report.html: one self-contained page (no external assets) that opens from disk. The first
 * screen holds the totals, the warning count, a status filter and a text search, and the list of
 * failures, each linking to its scenario; then the fact matrices (throughput by frame size, the
 * roaming matrix) and the scenarios grouped by verification item.
 */
export class HtmlReporter implements Reporter {
  readonly name = 'html';

  constructor(private readonly items: ItemHeading[]) {}

  end(results: RunResults, plan: { reportDir: string }): void {
    mkdirSync(plan.reportDir, { recursive: true });
    writeFileSync(join(plan.reportDir, 'report.html'), renderHtml(results, this.items));
  }
}

/** Statuses in the order the filter shows them; `known-deviation` is an expected, declared failure. */
const STATUS_ORDER = ['failed', 'error', 'known-deviation', 'passed', 'skipped'];

export function renderHtml(results: RunResults, items: ItemHeading[]): string {
  const s = summarize(results);
  const scales = metricScales(results);
  const anchors = new Set<string>();
  const render = (r: ScenarioResult) => scenarioHtml(r, scales, anchors);
  // Items this run covers, in the list's order; the others in one compact list at the end.
  const covered = items.filter((item) => results.scenarios.some((r) => r.covers.includes(item.id)));
  const uncovered = items.filter((item) => !covered.includes(item));
  const sections = covered.map((item) => {
    const scen = results.scenarios.filter((r) => r.covers.includes(item.id));
    const state = scen.every((r) => r.status === 'passed')
      ? 'passed'
      : scen.some((r) => (r.status === 'failed' || r.status === 'error') && !isKnownDeviation(r))
        ? 'failed'
        : 'partial';
    return `<section class="item ${state}">
  <h2><span class="id">${h(item.id)}</span> ${h(item.en)}</h2>
  <p class="ja" lang="ja">${h(item.ja)}</p>
  ${scen.map(render).join('\n')}
</section>`;
  });
  const listed = new Set(items.map((i) => i.id));
  const orphans = results.scenarios.filter((r) => !r.covers.some((c) => listed.has(c)));
  if (orphans.length)
    sections.push(`<section class="item"><h2>Other scenarios</h2>${orphans.map(render).join('\n')}</section>`);
  if (uncovered.length)
    sections.push(
      `<section class="item uncovered"><h2>${uncovered.length} verification item${uncovered.length === 1 ? '' : 's'} not covered by this run</h2><p class="none">No scenario in this run covers these items.</p><ul>${uncovered.map((i) => `<li><span class="id">${h(i.id)}</span> ${h(i.en)} <span class="ja" lang="ja">${h(i.ja)}</span></li>`).join('')}</ul></section>`,
    );
  const w = warningCount(results);
  const statuses = [
    ...STATUS_ORDER.filter((x) => results.scenarios.some((r) => r.status === x)),
    ...new Set(results.scenarios.map((r) => r.status).filter((x) => !STATUS_ORDER.includes(x))),
  ];
  const count = (status: string) => results.scenarios.filter((r) => r.status === status).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>v6harness report — ${h(results.suite ?? '')} on ${h(results.target)}</title>
<style>${REPORT_STYLE}</style></head><body>
<header><h1>v6harness report</h1>
<p>Suite <b>${h(results.suite ?? '-')}</b> · target <b>${h(results.target)}</b> · started ${h(results.startedAt)} · v6harness ${h(results.version)}${results.interrupted ? ' · <b class="failed-t">interrupted</b>' : ''}</p>
<p class="totals"><span class="passed-t">${s.passed} passed</span><span class="failed-t">${s.failed} failed</span><span class="error-t">${s.error} error</span><span class="skipped-t">${s.skipped} skipped</span>${s.deviation ? `<span class="deviation-t">${s.deviation} known deviation(s)</span>` : ''}${statuses
    .filter((x) => !(x in s))
    .map((x) => `<span class="${h(x)}-t">${count(x)} ${h(x)}</span>`)
    .join(
      '',
    )}<a href="#warnings"><span class="warnings-t" title="failed SHOULD/MAY checks: the run does not fail on them unless the suite is strict">${w.warnings} warning${w.warnings === 1 ? '' : 's'}</span></a></p>
</header>
<nav id="controls" aria-label="filter">
${statuses.map((x) => `<label class="status-filter"><input type="checkbox" data-filter-status="${h(x)}" checked> <span class="badge ${h(x)}">${h(x)}</span> ${count(x)}</label>`).join('\n')}
<label><input type="checkbox" id="warnings-only"> only with warnings (${w.scenarios})</label>
<input type="search" id="search" placeholder="search id, title, check, element…" aria-label="search">
<span id="shown">${results.scenarios.length} of ${results.scenarios.length} scenarios shown</span>
</nav>
${failuresHtml(results)}
${warningsHtml(results)}
${matrices(results)}
${sections.join('\n')}
<script type="application/json" id="results">${toJson(results).replace(/</g, '\\u003c')}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}

/** The failures at the top of the page, each linking to its scenario, with its first failed check. */
function failuresHtml(results: RunResults): string {
  const failed = results.scenarios.filter(
    (r) => (r.status === 'failed' || r.status === 'error') && !isKnownDeviation(r),
  );
  if (failed.length === 0) return '<section id="failures" class="ok-box"><h2>No failures</h2></section>';
  const rows = failed.map((r) => {
    const soft = new Set(warningChecks(r));
    const first = r.checks.find((c) => !c.ok && !soft.has(c));
    const why = first
      ? `${first.name}: expected ${brief(first.expected, 120)}, observed ${brief(first.observed, 120)}${first.clause ? ` (${first.clause})` : ''}`
      : (r.error ?? '');
    return `<li data-status="${h(r.status)}"><a href="#${h(anchorOf(r.id))}"><code>${h(r.id)}</code></a> <span class="badge ${h(r.status)}">${h(r.status)}</span>${r.element ? ` element <b>${h(r.element)}</b>` : ''} — ${h(why)}</li>`;
  });
  return `<section id="failures"><h2>${failed.length} failure${failed.length === 1 ? '' : 's'}</h2><ol>${rows.join('')}</ol></section>`;
}

function warningsHtml(results: RunResults): string {
  const rows = results.scenarios.flatMap((r) =>
    warningChecks(r).map(
      (c) =>
        `<li><a href="#${h(anchorOf(r.id))}"><code>${h(r.id)}</code></a> [${c.level}] ${h(c.name)}: expected ${h(brief(c.expected, 120))}, observed ${h(brief(c.observed, 120))}${c.clause ? ` (${h(c.clause)})` : ''}</li>`,
    ),
  );
  if (rows.length === 0) return '<section id="warnings" hidden></section>';
  return `<details id="warnings"><summary><b>${rows.length} warning${rows.length === 1 ? '' : 's'}</b> (failed SHOULD/MAY checks; the run does not fail on them unless the suite is strict)</summary><ol>${rows.join('')}</ol></details>`;
}

/**
 * One table per scenario definition whose instances recorded facts (e.g. the roaming matrix:
 * visited network × UE profile × breakout → PDN types held; throughput by frame size), a row per
 * instance, named by its parameters. Definitions tagged `matrix:NAME` share one table NAME (the
 * roaming matrix: EPS rows of roaming/visited-network and 5GS rows of roaming/home-routed-5gs),
 * their rows named by the instance id under the common first segment.
 */
function matrices(results: RunResults): string {
  const groups = new Map<string, { shared: boolean; rs: ScenarioResult[] }>();
  for (const r of results.scenarios) {
    if (!r.facts || Object.keys(r.facts).length === 0) continue;
    const tag = r.tags?.find((t) => t.startsWith('matrix:'));
    const key = tag ? tag.slice('matrix:'.length) : r.id.split('/').slice(0, 2).join('/');
    const g = groups.get(key) ?? { shared: tag !== undefined, rs: [] };
    g.rs.push(r);
    groups.set(key, g);
  }
  return [...groups]
    .map(([name, { shared, rs }]) => {
      const columns = [...new Set(rs.flatMap((r) => Object.keys(r.facts!)))];
      const label = (r: ScenarioResult) => {
        const cut = shared ? r.id.indexOf('/') + 1 : r.id.split('/').slice(0, 2).join('/').length + 1;
        return r.id.slice(cut) || r.id;
      };
      const rows = rs
        .map(
          (r) =>
            `<tr data-status="${h(r.status)}"><td><span class="badge ${h(r.status)}">${h(r.status)}</span></td><td><a href="#${h(anchorOf(r.id))}"><code>${h(label(r))}</code></a></td>${columns.map((c) => `<td>${h(r.facts![c] ?? '')}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<section class="item matrix"><h2>Matrix: <code>${h(name)}</code></h2><table><tr><th></th><th>instance</th>${columns.map((c) => `<th>${h(c)}</th>`).join('')}</tr>${rows}</table></section>`;
    })
    .join('\n');
}

function anchorOf(id: string): string {
  return `scenario-${id}`;
}

function scenarioHtml(r: ScenarioResult, scales: Map<string, Scale>, anchors: Set<string>): string {
  // A known deviation of the DUT (run --expect) is shown apart from failures, with its reason and clause.
  const known = isKnownDeviation(r);
  const failed = r.status !== 'passed' && !known;
  const badge = known
    ? `<span class="badge deviation" title="${h(r.status)}">known deviation</span>`
    : `<span class="badge ${h(r.status)}">${h(r.status)}</span>`;
  const expectation = r.expected
    ? `<p class="${known ? 'deviation-t' : 'bad'}"><b>${known ? 'Known deviation of the DUT' : 'Changed from the expected result'}:</b> ${h(r.expected.change ?? r.expected.reason)} <small>(expected ${h(r.expected.status)}; ${h(r.expected.clause)})</small></p>`
    : '';
  // A scenario covering several items is shown under each; the anchor goes to the first.
  const anchor = anchorOf(r.id);
  const id = anchors.has(anchor) ? '' : ` id="${h(anchor)}"`;
  anchors.add(anchor);
  const soft = new Set(warningChecks(r));
  return `<details class="scenario"${id} data-id="${h(r.id)}" data-status="${h(r.status)}" data-warnings="${r.warnings}"${failed ? ' open' : ''}><summary>${badge}<code>${h(r.id)}</code> — ${h(r.title)} <small>(${r.durationMs} ms${r.warnings ? `, <span class="warnings-t">${r.warnings} warning${r.warnings === 1 ? '' : 's'}</span>` : ''}${r.element ? `, element at fault: <b>${h(r.element)}</b>` : ''})</small></summary>
${expectation}
${r.error ? `<p class="bad"><b>${h(r.error)}</b></p>` : ''}
${
  r.checks.length
    ? `<table><tr><th></th><th>check</th><th>level</th><th>expected</th><th>observed</th><th>clause</th></tr>${r.checks
        .map(
          (c) =>
            `<tr><td class="${c.ok ? 'ok' : soft.has(c) ? 'warn' : 'bad'}">${c.ok ? '✓' : soft.has(c) ? '⚠' : '✗'}</td><td>${h(c.name)}${c.diff ? `<pre>${h(c.diff.join('\n'))}</pre>` : ''}</td><td>${c.level}</td><td><code>${h(brief(c.expected, 400))}</code></td><td><code>${h(brief(c.observed, 400))}</code></td><td>${h(c.clause ?? '')}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${r.metrics.length ? `<table class="metrics"><tr><th>metric</th><th>value</th><th>scale: 0 to the largest of the same metric and unit in this run</th></tr>${r.metrics.map((m) => metricRow(m, scales)).join('')}</table>` : ''}
${r.series?.length ? r.series.map((s) => timeSeriesSvg(s)).join('\n') : ''}
${r.artifacts.length ? `<p>Artifacts: ${r.artifacts.map((a) => `<a href="${h(a)}">${h(a)}</a>`).join(', ')}</p>` : ''}
${r.logs?.length ? `<pre>${h(r.logs.join('\n'))}</pre>` : ''}
</details>`;
}

/** Bars compare a metric only with the same metric in the same unit: one scale per (name, unit). */
interface Scale {
  max: number;
  scenarios: number;
}

function metricScales(results: RunResults): Map<string, Scale> {
  const scales = new Map<string, Scale>();
  for (const r of results.scenarios)
    for (const m of r.metrics) {
      const k = scaleKey(m);
      const s = scales.get(k) ?? { max: 0, scenarios: 0 };
      scales.set(k, { max: Math.max(s.max, Math.abs(m.value)), scenarios: s.scenarios + 1 });
    }
  return scales;
}

function scaleKey(m: MetricResult): string {
  return `${m.name}\u0000${m.unit}`;
}

function metricRow(m: MetricResult, scales: Map<string, Scale>): string {
  const scale = scales.get(scaleKey(m)) ?? { max: 0, scenarios: 1 };
  const pct = scale.max > 0 ? Math.max(1, Math.round((Math.abs(m.value) / scale.max) * 100)) : 0;
  const top = formatFigure(scale.max, m.unit);
  const title = `${m.value} ${m.unit}; scale 0 to ${top}, the largest ${m.name} of ${scale.scenarios} value(s) in this run`;
  return `<tr><td>${h(m.name)}</td><td>${h(formatFigure(m.value, m.unit))}</td><td><div class="bar" title="${h(title)}"><div style="width:${pct}%"></div></div><div class="axis"><span>0</span><span>${h(top)}</span></div></td></tr>`;
}

function h(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
