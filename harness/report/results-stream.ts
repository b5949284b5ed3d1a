import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { CheckResult, Level, MetricMerge, RunResults, ScenarioResult, Status } from './results.ts';
import { toJson } from './json-value.ts';

/**
 * results.pb: length-delimited `v6harness.results.Record` messages (harness/proto/results.proto),
 * appended as the run goes. `readRuns` reads every run back, including one cut short.
 */
const root = protobuf.loadSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'proto', 'results.proto'));
const RecordType = root.lookupType('v6harness.results.Record');

interface PbCheck {
  name: string;
  ok: boolean;
  level: string;
  expectedJson: string;
  observedJson: string;
  clause: string;
  element: string;
  diff: string[];
}
interface PbMetric {
  name: string;
  value: number;
  unit: string;
  mergeOp?: string;
  mergeHistogram?: string;
  mergePercentile?: number;
}
interface PbScenario {
  id: string;
  title: string;
  covers: string[];
  status: string;
  warnings: number;
  durationMs: number | { toNumber(): number };
  checks: PbCheck[];
  metrics: PbMetric[];
  element: string;
  artifacts: string[];
  error: string;
  tags: string[];
  logs: string[];
  facts?: Record<string, string>;
  series?: { name: string; unit: string; t: number[]; value: number[]; budget?: number | null }[];
  histograms?: { name: string; unit: string; hdr: string }[];
}
interface PbRecord {
  runId: string;
  start?: { tool: string; version: string; startedAt: string; target: string; suite: string; segment?: string };
  scenario?: PbScenario;
  end?: { interrupted: boolean };
}

export function encodeRecord(rec: PbRecord): Buffer {
  const err = RecordType.verify(rec);
  if (err) throw new Error(`results.pb record: ${err}`);
  return Buffer.from(RecordType.encodeDelimited(RecordType.fromObject(rec)).finish());
}

export function scenarioToPb(r: ScenarioResult): PbScenario {
  return {
    id: r.id,
    title: r.title,
    covers: r.covers,
    status: r.status,
    warnings: r.warnings,
    durationMs: r.durationMs,
    checks: r.checks.map((c) => ({
      name: c.name,
      ok: c.ok,
      level: c.level,
      expectedJson: toJson(c.expected),
      observedJson: toJson(c.observed),
      clause: c.clause ?? '',
      element: c.element ?? '',
      diff: c.diff ?? [],
    })),
    metrics: r.metrics.map((m) => ({
      name: m.name,
      value: m.value,
      unit: m.unit,
      ...(m.merge
        ? 'op' in m.merge
          ? { mergeOp: m.merge.op }
          : { mergeHistogram: m.merge.histogram, mergePercentile: m.merge.percentile }
        : {}),
    })),
    element: r.element ?? '',
    artifacts: r.artifacts,
    error: r.error ?? '',
    tags: r.tags ?? [],
    logs: r.logs ?? [],
    facts: r.facts ?? {},
    series: (r.series ?? []).map((s) => ({
      name: s.name,
      unit: s.unit,
      t: s.points.map((p) => p[0]),
      value: s.points.map((p) => p[1]),
      ...(s.budget !== undefined ? { budget: s.budget } : {}),
    })),
    histograms: r.histograms ?? [],
  };
}

/** Appends one record to a results.pb file. */
export function appendRecord(file: string, rec: PbRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, encodeRecord(rec));
}

/** Every run in a results.pb file, in file order. */
export function readRuns(file: string): RunResults[] {
  const buf = readFileSync(file);
  const reader = protobuf.Reader.create(buf);
  const runs = new Map<string, RunResults>();
  while (reader.pos < reader.len) {
    let rec: PbRecord;
    try {
      rec = RecordType.toObject(RecordType.decodeDelimited(reader), { defaults: true, longs: Number }) as PbRecord;
    } catch (e) {
      throw new Error(
        `${file}: unreadable record at byte ${reader.pos}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    let run = runs.get(rec.runId);
    if (!run) {
      run = { tool: 'v6harness', version: '', startedAt: '', target: '', scenarios: [] };
      runs.set(rec.runId, run);
    }
    if (rec.start)
      Object.assign(run, {
        version: rec.start.version,
        startedAt: rec.start.startedAt,
        target: rec.start.target,
        suite: rec.start.suite || undefined,
        ...(rec.start.segment ? { segment: rec.start.segment } : {}),
      });
    if (rec.scenario) run.scenarios.push(scenarioFromPb(rec.scenario));
    if (rec.end?.interrupted) run.interrupted = true;
  }
  return [...runs.values()];
}

function scenarioFromPb(s: PbScenario): ScenarioResult {
  const checks: CheckResult[] = s.checks.map((c) => ({
    name: c.name,
    ok: c.ok,
    level: c.level as Level,
    expected: JSON.parse(c.expectedJson || 'null') as unknown,
    observed: JSON.parse(c.observedJson || 'null') as unknown,
    ...(c.clause ? { clause: c.clause } : {}),
    ...(c.element ? { element: c.element } : {}),
    ...(c.diff.length ? { diff: c.diff } : {}),
  }));
  return {
    id: s.id,
    title: s.title,
    covers: s.covers,
    status: s.status as Status,
    warnings: s.warnings,
    durationMs: typeof s.durationMs === 'number' ? s.durationMs : s.durationMs.toNumber(),
    checks,
    metrics: s.metrics.map((m) => ({ name: m.name, value: m.value, unit: m.unit, ...metricMerge(m) })),
    ...(s.element ? { element: s.element } : {}),
    artifacts: s.artifacts,
    ...(s.error ? { error: s.error } : {}),
    tags: s.tags,
    ...(s.logs.length ? { logs: s.logs } : {}),
    ...(s.facts && Object.keys(s.facts).length ? { facts: { ...s.facts } } : {}),
    ...(s.series?.length
      ? {
          series: s.series.map((x) => ({
            name: x.name,
            unit: x.unit,
            points: x.t.map((t, i): [number, number] => [t, x.value[i] ?? NaN]),
            ...(typeof x.budget === 'number' ? { budget: x.budget } : {}),
          })),
        }
      : {}),
    ...(s.histograms?.length
      ? { histograms: s.histograms.map((h) => ({ name: h.name, unit: h.unit, hdr: h.hdr })) }
      : {}),
  };
}

function metricMerge(m: PbMetric): { merge?: MetricMerge } {
  if (m.mergeOp === 'sum' || m.mergeOp === 'max' || m.mergeOp === 'min') return { merge: { op: m.mergeOp } };
  if (m.mergeHistogram) return { merge: { histogram: m.mergeHistogram, percentile: m.mergePercentile ?? 0 } };
  return {};
}
