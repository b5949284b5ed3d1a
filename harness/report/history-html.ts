import type { RunResults } from './results.ts';

/**
 * `report --history DIR`: the trend of every metric (per scenario) and of the pass count across
 * stored runs, oldest first, as inline SVG lines in one self-contained page.
 */
export function renderHistory(runs: readonly RunResults[]): string {
  const series = new Map<string, { unit: string; points: (number | undefined)[] }>();
  runs.forEach((run, i) => {
    for (const s of run.scenarios) {
      for (const m of s.metrics) {
        const key = `${s.id} · ${m.name}`;
        let e = series.get(key);
        if (!e)
          series.set(key, (e = { unit: m.unit, points: new Array<number | undefined>(runs.length).fill(undefined) }));
        e.points[i] = m.value;
      }
    }
  });
  const passed = runs.map((r) => r.scenarios.filter((s) => s.status === 'passed').length);
  const rows = [...series].sort(([a], [b]) => a.localeCompare(b)).map(([key, e]) => row(key, e.unit, e.points));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>v6harness history — ${runs.length} runs</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:1em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.2em .4em;text-align:left}svg{background:#f6f8fb}code{font-family:ui-monospace,monospace}</style>
</head><body><h1>v6harness history</h1>
<p>${runs.length} runs from ${esc(runs[0]?.startedAt ?? '-')} to ${esc(runs.at(-1)?.startedAt ?? '-')}.</p>
<table><tr><th>series</th><th>trend (oldest → newest)</th><th>first</th><th>last</th></tr>
${row('scenarios passed', 'scenarios', passed)}
${rows.join('\n')}
</table></body></html>
`;
}

function row(key: string, unit: string, points: (number | undefined)[]): string {
  const known = points.filter((p): p is number => p !== undefined);
  const first = known[0];
  const last = known.at(-1);
  return `<tr><td><code>${esc(key)}</code> (${esc(unit)})</td><td>${sparkline(points)}</td><td>${fmt(first)}</td><td>${fmt(last)}</td></tr>`;
}

function sparkline(points: (number | undefined)[]): string {
  const w = 240;
  const h = 36;
  const known = points.filter((p): p is number => p !== undefined);
  if (known.length === 0) return '';
  const min = Math.min(...known);
  const max = Math.max(...known);
  const x = (i: number) => (points.length === 1 ? w / 2 : (i / (points.length - 1)) * (w - 8) + 4);
  const y = (v: number) => (max === min ? h / 2 : h - 4 - ((v - min) / (max - min)) * (h - 8));
  const coords = points.flatMap((p, i) => (p === undefined ? [] : [`${x(i).toFixed(1)},${y(p).toFixed(1)}`]));
  const dots = points
    .map((p, i) =>
      p === undefined
        ? ''
        : `<circle cx="${x(i).toFixed(1)}" cy="${y(p).toFixed(1)}" r="2"><title>${fmt(p)}</title></circle>`,
    )
    .join('');
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><polyline fill="none" stroke="#4a78c2" stroke-width="1.5" points="${coords.join(' ')}"/>${dots}</svg>`;
}

function fmt(v: number | undefined): string {
  return v === undefined ? '-' : String(Math.round(v * 1000) / 1000);
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
