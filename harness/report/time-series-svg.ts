import type { SeriesResult } from './results.ts';

/**
 * One metric over time as an inline SVG line chart (no script, no external asset: the report
 * opens from disk): time in seconds on x, the value on y from 0 (or the minimum, if negative) to
 * the maximum, with the axis ends labelled and every point's value in a tooltip. A series with a
 * budget gets it as a dashed red line (the y range includes it), labelled with its value.
 */
export function timeSeriesSvg(s: SeriesResult, width = 640, height = 160): string {
  const pts = s.points.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  if (pts.length === 0) return `<p class="none">${esc(s.name)}: no points</p>`;
  const left = 56;
  const bottom = 22;
  const top = 8;
  const right = 8;
  const t0 = Math.min(...pts.map((p) => p[0]));
  const t1 = Math.max(...pts.map((p) => p[0]));
  const vmin = Math.min(0, ...pts.map((p) => p[1]));
  const budget = s.budget !== undefined && Number.isFinite(s.budget) ? s.budget : undefined;
  const vmax = Math.max(...pts.map((p) => p[1]), ...(budget !== undefined ? [budget] : []));
  const x = (t: number) => left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (width - left - right);
  const y = (v: number) =>
    height - bottom - (vmax === vmin ? 0.5 : (v - vmin) / (vmax - vmin)) * (height - top - bottom);
  const line = pts.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const dots =
    pts.length <= 600
      ? pts
          .map(
            ([t, v]) =>
              `<circle cx="${x(t).toFixed(1)}" cy="${y(v).toFixed(1)}" r="1.6"><title>${fmt(t)} s: ${fmt(v)} ${esc(s.unit)}</title></circle>`,
          )
          .join('')
      : '';
  const budgetLine =
    budget === undefined
      ? ''
      : `<line class="budget" x1="${left}" y1="${y(budget).toFixed(1)}" x2="${width - right}" y2="${y(budget).toFixed(1)}" stroke="#cf222e" stroke-dasharray="5 3"><title>budget ${fmt(budget)} ${esc(s.unit)}</title></line><text x="${width - right - 2}" y="${(y(budget) - 3).toFixed(1)}" text-anchor="end" font-size="10" fill="#cf222e">budget ${fmt(budget)} ${esc(s.unit)}</text>`;
  return `<figure class="series"><figcaption>${esc(s.name)} (${esc(s.unit)}) over time${budget !== undefined ? `, budget ${fmt(budget)} ${esc(s.unit)}` : ''}</figcaption><svg role="img" aria-label="${esc(s.name)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#999"/><line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#999"/>
<text x="${left - 4}" y="${top + 8}" text-anchor="end" font-size="10">${fmt(vmax)}</text><text x="${left - 4}" y="${height - bottom}" text-anchor="end" font-size="10">${fmt(vmin)}</text>
<text x="${left}" y="${height - 6}" font-size="10">${fmt(t0)} s</text><text x="${width - right}" y="${height - 6}" text-anchor="end" font-size="10">${fmt(t1)} s</text>
${budgetLine}<polyline fill="none" stroke="#4a78c2" stroke-width="1.5" points="${line}"/>${dots}</svg></figure>`;
}

function fmt(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
