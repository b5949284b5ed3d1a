/**
 * The OpenMetrics text exposition format (OpenMetrics 1.0, the Prometheus exposition format's
 * successor; k6's Prometheus output is the anchor): metric families with `# TYPE`, `# HELP` and
 * `# UNIT` lines, samples `name{label="value"} number`, counters with the `_total` suffix, and a
 * closing `# EOF`. Pure text: the control server serves it, a test has Prometheus scrape it.
 */
export type MetricType = 'counter' | 'gauge' | 'summary' | 'info';

export interface Sample {
  /** Appended to the family name: '_total' for counters, '' for gauges, '_count'/'_sum' for summaries. */
  suffix?: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string;
  /** OpenMetrics §"Unit": the family name must end with it (e.g. `_seconds`). */
  unit?: string;
  samples: Sample[];
}

export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** Label values escape backslash, double quote and line feed (OpenMetrics ABNF `escaped-string`). */
function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function number(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function exposition(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) throw new Error(`metric name ${JSON.stringify(f.name)} is not a valid OpenMetrics name`);
    if (f.unit && !f.name.endsWith(`_${f.unit}`))
      throw new Error(`metric ${f.name}: its name must end with _${f.unit}`);
    out.push(`# TYPE ${f.name} ${f.type}`);
    if (f.unit) out.push(`# UNIT ${f.name} ${f.unit}`);
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels);
      const l = labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      out.push(`${f.name}${s.suffix ?? ''}${l} ${number(s.value)}`);
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}
