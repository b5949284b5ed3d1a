import * as hdr from 'hdr-histogram-js';
import type {
  CheckResult,
  HistogramResult,
  MetricResult,
  RunResults,
  ScenarioResult,
  SeriesResult,
  Status,
} from './results.ts';

/**
 * Joins the runs of one load split over processes (`run --segment i/n`, k6's execution segments):
 * a scenario that several segments ran becomes one result. Counts and rates are summed, extremes
 * kept, and percentiles recomputed from the segments' HDR histograms added together — never an
 * average of percentiles (MetricResult.merge says which). Checks stay, each named with its segment;
 * the status is the worst of the segments'.
 */
const WORST: Status[] = ['error', 'failed', 'skipped', 'passed'];

/** Histogram unit → metric unit. */
const SCALE: Record<string, Record<string, number>> = {
  us: { us: 1, ms: 1e-3, s: 1e-6 },
  ms: { us: 1e3, ms: 1, s: 1e-3 },
};

export function mergeSegments(runs: readonly RunResults[]): ScenarioResult[] {
  const order: string[] = [];
  const parts = new Map<string, { segment: string; result: ScenarioResult }[]>();
  for (const r of runs)
    for (const s of r.scenarios) {
      if (!parts.has(s.id)) {
        parts.set(s.id, []);
        order.push(s.id);
      }
      parts.get(s.id)!.push({ segment: r.segment ?? '?', result: s });
    }
  return order.map((id) => {
    const p = parts.get(id)!;
    return p.length === 1 ? p[0].result : mergeOne(p);
  });
}

function mergeOne(parts: { segment: string; result: ScenarioResult }[]): ScenarioResult {
  const first = parts[0].result;
  const all = parts.map((p) => p.result);
  const histograms = mergeHistograms(all.flatMap((r) => r.histograms ?? []));
  const checks: CheckResult[] = parts.flatMap(({ segment, result }) =>
    result.checks.map((c) => ({ ...c, name: `segment ${segment}: ${c.name}` })),
  );
  const status = WORST.find((w) => all.some((r) => r.status === w)) ?? 'passed';
  const elements = [...new Set(all.map((r) => r.element).filter((e): e is string => !!e))];
  const logs = parts.flatMap(({ segment, result }) => (result.logs ?? []).map((l) => `[segment ${segment}] ${l}`));
  const series = mergeSeries(all.flatMap((r) => r.series ?? []));
  return {
    ...first,
    status,
    warnings: all.reduce((n, r) => n + r.warnings, 0),
    durationMs: Math.max(...all.map((r) => r.durationMs)),
    checks,
    metrics: mergeMetrics(
      all.map((r) => r.metrics),
      histograms,
    ),
    ...(elements.length ? { element: elements.join(', ') } : {}),
    artifacts: all.flatMap((r) => r.artifacts),
    ...(logs.length ? { logs } : {}),
    ...(series.length ? { series } : {}),
    ...(histograms.length ? { histograms } : {}),
  };
}

function mergeHistograms(hs: HistogramResult[]): HistogramResult[] {
  const byName = new Map<string, HistogramResult[]>();
  for (const h of hs) byName.set(h.name, [...(byName.get(h.name) ?? []), h]);
  return [...byName.entries()].map(([name, list]) => {
    const units = new Set(list.map((h) => h.unit));
    if (units.size > 1) throw new Error(`histogram ${name}: segments disagree on its unit (${[...units].join(', ')})`);
    const [acc, ...rest] = list.map((h) => hdr.decodeFromCompressedBase64(h.hdr));
    for (const h of rest) {
      acc.add(h);
      h.destroy();
    }
    const out = { name, unit: list[0].unit, hdr: hdr.encodeIntoCompressedBase64(acc) };
    acc.destroy();
    return out;
  });
}

function mergeMetrics(lists: MetricResult[][], histograms: HistogramResult[]): MetricResult[] {
  const names: string[] = [];
  const byName = new Map<string, MetricResult[]>();
  for (const list of lists)
    for (const m of list) {
      if (!byName.has(m.name)) names.push(m.name);
      byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
    }
  return names.map((name) => {
    const ms = byName.get(name)!;
    const m = ms[0];
    if (ms.length === 1 || !m.merge) return m;
    if ('op' in m.merge) {
      const values = ms.map((x) => x.value);
      const value =
        m.merge.op === 'sum'
          ? values.reduce((a, b) => a + b, 0)
          : m.merge.op === 'max'
            ? Math.max(...values)
            : Math.min(...values);
      return { ...m, value };
    }
    const { histogram, percentile } = m.merge;
    const h = histograms.find((x) => x.name === histogram);
    const scale = h ? SCALE[h.unit]?.[m.unit] : undefined;
    if (!h || scale === undefined) return m;
    const decoded = hdr.decodeFromCompressedBase64(h.hdr);
    const raw = percentile >= 100 ? decoded.maxValue : decoded.getValueAtPercentile(percentile);
    decoded.destroy();
    return { ...m, value: Math.round(raw * scale * 1000) / 1000 };
  });
}

/** Series of the same name: values at the same time are added (each segment's sessions/s). */
function mergeSeries(all: SeriesResult[]): SeriesResult[] {
  const byName = new Map<string, { unit: string; points: Map<number, number> }>();
  for (const s of all) {
    const e = byName.get(s.name) ?? { unit: s.unit, points: new Map<number, number>() };
    for (const [t, v] of s.points) e.points.set(t, (e.points.get(t) ?? 0) + v);
    byName.set(s.name, e);
  }
  return [...byName.entries()].map(([name, e]) => ({
    name,
    unit: e.unit,
    points: [...e.points.entries()].sort((a, b) => a[0] - b[0]),
  }));
}
