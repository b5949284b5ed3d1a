import type { CheckResult, MetricResult, RunResults, ScenarioResult } from './results.ts';

/**
 * How reports print a metric: three significant digits, thousands as `k`/`M`/`G` (98 400 packets/s
 * → `98.4 k pps`), a unit's usual short form.
 */
const SHORT_UNITS: Record<string, string> = { 'packets/s': 'pps' };

export function formatFigure(value: number, unit: string): string {
  return `${formatNumber(value)} ${SHORT_UNITS[unit] ?? unit}`.trim();
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  for (const [limit, prefix] of [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e4, 'k'],
  ] as const)
    if (abs >= limit) return `${sig(value / (limit === 1e4 ? 1e3 : limit))} ${prefix}`;
  if (abs >= 100 || Number.isInteger(value)) return String(Math.round(value));
  return sig(value);
}

function sig(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** A scenario's key figure: the first metric it records (scenarios record their headline first). */
export function keyFigure(r: ScenarioResult): MetricResult | undefined {
  return r.metrics[0];
}

/** A threshold (as in k6) over the scenarios that reported its metric, each with its own value. */
export interface ThresholdOutcome {
  metric: string;
  expression: string;
  unit: string;
  ok: boolean;
  per: { scenario: string; ok: boolean; value: number }[];
}

/**
 * The suite's thresholds as judged in this run, from the checks thresholds.ts adds
 * (`threshold <metric> <expression>`): one outcome per metric and expression, never a value
 * averaged over scenarios.
 */
export function thresholdOutcomes(results: RunResults): ThresholdOutcome[] {
  const by = new Map<string, ThresholdOutcome>();
  for (const r of results.scenarios)
    for (const c of r.checks) {
      const t = thresholdOf(c);
      if (!t) continue;
      const key = `${t.metric} ${t.expression}`;
      const unit = r.metrics.find((m) => m.name === t.metric)?.unit ?? '';
      const o = by.get(key) ?? { ...t, unit, ok: true, per: [] };
      o.ok &&= c.ok;
      o.per.push({ scenario: r.id, ok: c.ok, value: typeof c.observed === 'number' ? c.observed : Number.NaN });
      by.set(key, o);
    }
  return [...by.values()];
}

export function thresholdOf(c: CheckResult): { metric: string; expression: string } | undefined {
  const m = /^threshold (\S+) (.+)$/.exec(c.name);
  return m ? { metric: m[1], expression: m[2] } : undefined;
}

/** The failed checks of a scenario that are warnings: below MUST, and not what failed it (strict suites). */
export function warningChecks(r: ScenarioResult): CheckResult[] {
  const soft = r.checks.filter((c) => !c.ok && c.level !== 'MUST');
  return r.warnings > 0 ? soft : [];
}

export function warningCount(results: RunResults): { warnings: number; scenarios: number } {
  const withWarnings = results.scenarios.filter((r) => r.warnings > 0);
  return { warnings: withWarnings.reduce((n, r) => n + r.warnings, 0), scenarios: withWarnings.length };
}
