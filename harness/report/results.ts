/**
 * The results contract (ARCHITECTURE.md, "Contracts"): what results.json, junit.xml, report.html and
 * results.pb are rendered from. Extend, don't break.
 */
export type Level = 'MUST' | 'SHOULD' | 'MAY';
export type Status = 'passed' | 'failed' | 'error' | 'skipped';

export interface CheckResult {
  name: string;
  ok: boolean;
  level: Level;
  expected: unknown;
  observed: unknown;
  clause?: string;
  /** The element whose behaviour the check judged (pgw, ggsn, dns64 ...). */
  element?: string;
  /** Field-by-field differences, when the check compared a structure against a template. */
  diff?: string[];
}

export interface MetricResult {
  name: string;
  value: number;
  unit: string;
  /**
   * How `merge` combines this metric across the segments of one load (`run --segment i/n`):
   * summed (counts, rates), the largest or smallest, or a percentile recomputed from the
   * scenario's histogram of that name — never an average of percentiles.
   */
  merge?: MetricMerge;
}

export type MetricMerge = { op: 'sum' | 'max' | 'min' } | { histogram: string; percentile: number };

/** A histogram kept for merging (HDR histogram, compressed base64, values in `unit`). */
export interface HistogramResult {
  name: string;
  unit: string;
  hdr: string;
}

/**
 * A metric over time (e.g. the IoT control loop's latency per second): `points` are
 * [seconds since the scenario's traffic began, value]; a gap (nothing measured) is left out.
 */
export interface SeriesResult {
  name: string;
  unit: string;
  points: [number, number][];
  /** The limit the values are judged against (e.g. the IoT loop's p99 budget), drawn as a line. */
  budget?: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  covers: string[];
  status: Status;
  warnings: number;
  durationMs: number;
  checks: CheckResult[];
  metrics: MetricResult[];
  /** Name of the element at fault, when the scenario did not pass. */
  element?: string;
  artifacts: string[];
  /** Why the scenario errored or was skipped. */
  error?: string;
  tags?: string[];
  /** Lines the scenario logged (ctx.log), for the report. */
  logs?: string[];
  /** Named outcomes (ctx.fact), shown as a matrix per scenario definition in the HTML report. */
  facts?: Record<string, string>;
  /** Metrics over time, drawn as time-series charts in the HTML report. */
  series?: SeriesResult[];
  /**
   * The status this scenario is known to end with on this DUT (`run --expect FILE`), why, and the
   * clause it deviates from; `met`: it ended so (a known deviation, not a failure); `change`: how it
   * ended otherwise.
   */
  expected?: { status: Status; reason: string; clause: string; met: boolean; change?: string };
  /** Histograms behind percentile metrics, for merging load segments. */
  histograms?: HistogramResult[];
}

export interface RunResults {
  tool: 'v6harness';
  version: string;
  startedAt: string;
  target: string;
  suite?: string;
  interrupted?: boolean;
  /** This run's part of loads split over processes (`run --segment i/n`). */
  segment?: string;
  scenarios: ScenarioResult[];
  /** What the lab saved at the end of a failed run (logs/lab/…), relative to the report folder. */
  artifacts?: string[];
}

export function areaOf(id: string): string {
  return id.split('/')[0] ?? id;
}

/** A scenario that ended as its expectation says, other than passed: shown apart from failures. */
export function isKnownDeviation(r: ScenarioResult): boolean {
  return r.expected?.met === true && r.status !== 'passed';
}

/** Scenarios by status; known deviations (`run --expect`) apart, under `deviation`. */
export function summarize(results: RunResults): Record<Status | 'deviation', number> {
  const s: Record<Status | 'deviation', number> = { passed: 0, failed: 0, error: 0, skipped: 0, deviation: 0 };
  for (const r of results.scenarios) s[isKnownDeviation(r) ? 'deviation' : r.status]++;
  return s;
}
