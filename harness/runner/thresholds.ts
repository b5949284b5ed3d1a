import type { CheckResult, MetricResult } from '../report/results.ts';

/**
 * Thresholds turn metrics into checks (as in k6): `echo_rtt_ms: ["< 50"]` adds a MUST check
 * per scenario that reported the metric. The grammar is `<op> <number>` with op in < <= > >= ==.
 */
const EXPR = /^\s*(<=|>=|==|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

export function parseThreshold(expr: string): { op: string; limit: number } | undefined {
  const m = EXPR.exec(expr);
  return m ? { op: m[1], limit: Number(m[2]) } : undefined;
}

export function evaluateThresholds(metrics: MetricResult[], thresholds: Record<string, string[]>): CheckResult[] {
  const checks: CheckResult[] = [];
  for (const [name, exprs] of Object.entries(thresholds)) {
    for (const m of metrics.filter((x) => x.name === name)) {
      for (const expr of exprs) {
        const t = parseThreshold(expr)!;
        const ok = compare(m.value, t.op, t.limit);
        checks.push({
          name: `threshold ${name} ${expr.trim()}`,
          ok,
          level: 'MUST',
          expected: `${name} ${expr.trim()} ${m.unit}`,
          observed: m.value,
        });
      }
    }
  }
  return checks;
}

function compare(v: number, op: string, limit: number): boolean {
  switch (op) {
    case '<':
      return v < limit;
    case '<=':
      return v <= limit;
    case '>':
      return v > limit;
    case '>=':
      return v >= limit;
    default:
      return v === limit;
  }
}
