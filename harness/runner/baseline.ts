import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { CheckResult, MetricResult, RunResults } from '../report/results.ts';
import { UsageError } from './errors.ts';

/**
 * Nightly baselines: every metric of a run is compared with the same scenario's metric in a
 * stored run and fails (a MUST check) when it regressed beyond its tolerance. Time-like units
 * (ms, s) are better lower, everything else (sessions/s, Mbit/s, pps) better higher. A baseline
 * file is either a results.json or the trimmed form `--save-baseline` writes.
 */
const metricSchema = z.object({ value: z.number(), unit: z.string() }).strict();
export const baselineSchema = z
  .object({
    source: z.string().default('baseline'),
    /** Allowed regression as a fraction (0.25 = 25 % worse still passes). */
    tolerance: z.number().min(0).max(10).default(0.25),
    /** Per metric name, overriding `tolerance`. */
    tolerances: z.record(z.number().min(0).max(10)).default({}),
    /** Scenario id → metric name → value. */
    metrics: z.record(z.record(metricSchema)),
  })
  .strict();

export type Baseline = z.infer<typeof baselineSchema>;

const LOWER_IS_BETTER = new Set(['ms', 's', 'us', 'µs']);

export function loadBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`baseline ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (raw && typeof raw === 'object' && 'scenarios' in raw) return baselineFromResults(raw as RunResults, file);
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(
      `baseline ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** The last value of each metric of each scenario of a run. */
export function baselineFromResults(r: RunResults, source: string, tolerance = 0.25): Baseline {
  const metrics: Baseline['metrics'] = {};
  for (const s of r.scenarios) {
    if (s.status !== 'passed' || s.metrics.length === 0) continue;
    metrics[s.id] = Object.fromEntries(s.metrics.map((m) => [m.name, { value: m.value, unit: m.unit }]));
  }
  return { source, tolerance, tolerances: {}, metrics };
}

export function saveBaseline(file: string, b: Baseline): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(b, null, 2)}\n`);
}

export function evaluateBaseline(scenarioId: string, metrics: readonly MetricResult[], b: Baseline): CheckResult[] {
  const base = b.metrics[scenarioId];
  if (!base) return [];
  const checks: CheckResult[] = [];
  for (const m of metrics) {
    const ref = base[m.name];
    if (!ref) continue;
    const tol = b.tolerances[m.name] ?? b.tolerance;
    const lower = LOWER_IS_BETTER.has(m.unit);
    const limit = lower ? ref.value * (1 + tol) : ref.value * (1 - tol);
    const ok = lower ? m.value <= limit : m.value >= limit;
    checks.push({
      name: `baseline ${m.name}`,
      ok,
      level: 'MUST',
      expected: `${lower ? '≤' : '≥'} ${round(limit)} ${m.unit} (baseline ${round(ref.value)}, tolerance ${Math.round(tol * 100)} %)`,
      observed: round(m.value),
      clause: `baseline ${b.source}`,
    });
  }
  return checks;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
