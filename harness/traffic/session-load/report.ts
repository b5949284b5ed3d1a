import * as hdr from 'hdr-histogram-js';
import { loadWindowMs, requestedCycles, type Executor } from './executor.ts';
import { latencyHistogram } from './tally.ts';
import type { ThreadReport } from './thread-run.ts';

/**
 * A session load's outcome, all threads together: what was asked (cycles, and sessions/s for the
 * arrival-rate executors), what was achieved (sessions set up per second over the load window,
 * stretched when the last setup came after it), setup latency percentiles from the merged
 * histograms, failures by cause and dropped arrivals.
 */
export interface LoadReport {
  executor: Executor['executor'];
  threads: number;
  requestedCycles: number;
  /** Sessions/s asked for, averaged over the window (arrival-rate executors only). */
  requestedRate?: number;
  started: number;
  dropped: number;
  setups: number;
  completed: number;
  failures: Record<string, number>;
  failureCount: number;
  /** Sessions set up per second. */
  achievedRate: number;
  /** The time `achievedRate` divides by, ms. */
  elapsedMs: number;
  /** Setup latency in ms (undefined when no session was set up). */
  latency?: { p50: number; p95: number; p99: number; max: number };
  /** Largest delay of an arrival's start behind its schedule, ms (the harness's own lag). */
  maxLagMs: number;
  /** Sessions set up in each second of the load, all threads together. */
  setupsPerSecond: number[];
  /** [seconds, sessions/s] at each live rate change (ctl rate/pause/resume); empty when none. */
  rateChanges: [number, number][];
  /** The merged setup latency histogram (µs, HDR compressed base64), for merging segments. */
  histogram?: string;
}

/** Which part of the global schedule the reports stand for (load segments, live changes). */
export interface MergeOptions {
  /** Share indices of the threads (their `share.index`) and the global `of`. */
  share?: { indices: number[]; of: number };
  /** Under live control: arrivals due were what the operator asked, not the executor's count. */
  live?: { changed: boolean; rateChanges: [number, number][] };
}

/** Arrivals g < n with g mod of = k. */
function sharedCount(n: number, k: number, of: number): number {
  return n > k ? Math.ceil((n - k) / of) : 0;
}

export function mergeReports(
  e: Executor,
  threads: number,
  reports: readonly ThreadReport[],
  o: MergeOptions = {},
): LoadReport {
  const histogram = latencyHistogram();
  const failures: Record<string, number> = {};
  let lastSetupMs = 0;
  for (const r of reports) {
    const h = hdr.decodeFromCompressedBase64(r.histogram);
    histogram.add(h);
    h.destroy();
    for (const [cause, n] of Object.entries(r.failures)) failures[cause] = (failures[cause] ?? 0) + n;
    lastSetupMs = Math.max(lastSetupMs, r.lastSetupMs);
  }
  const sum = (f: (r: ThreadReport) => number) => reports.reduce((s, r) => s + f(r), 0);
  const setups = sum((r) => r.setups);
  const window = loadWindowMs(e);
  // The closed model has no window of its own: its UEs run until their iterations are done.
  const elapsedMs = e.executor === 'per-ue-iterations' ? Math.max(1, lastSetupMs) : Math.max(window, lastSetupMs);
  const ms = (us: number) => Math.round(us) / 1000;
  const all = requestedCycles(e);
  const share = o.share;
  // Live changes: what was due is what was started or dropped; a segment: its own share of the schedule.
  const requested = o.live?.changed
    ? sum((r) => r.started + r.dropped)
    : share && e.executor !== 'per-ue-iterations'
      ? share.indices.reduce((n, k) => n + sharedCount(all, k, share.of), 0)
      : all;
  const setupsPerSecond: number[] = [];
  for (const r of reports)
    (r.setupsPerSecond ?? []).forEach((n, i) => {
      setupsPerSecond[i] = (setupsPerSecond[i] ?? 0) + n;
    });
  const report: LoadReport = {
    executor: e.executor,
    threads,
    requestedCycles: requested,
    ...(e.executor !== 'per-ue-iterations' ? { requestedRate: (requested / window) * 1000 } : {}),
    started: sum((r) => r.started),
    dropped: sum((r) => r.dropped),
    setups,
    completed: sum((r) => r.completed),
    failures,
    failureCount: Object.values(failures).reduce((s, n) => s + n, 0),
    achievedRate: (setups / elapsedMs) * 1000,
    elapsedMs,
    ...(setups > 0
      ? {
          latency: {
            p50: ms(histogram.getValueAtPercentile(50)),
            p95: ms(histogram.getValueAtPercentile(95)),
            p99: ms(histogram.getValueAtPercentile(99)),
            max: ms(histogram.maxValue),
          },
        }
      : {}),
    maxLagMs: Math.max(0, ...reports.map((r) => r.maxLagMs)),
    setupsPerSecond: Array.from(setupsPerSecond, (n) => n ?? 0),
    rateChanges: o.live?.rateChanges ?? [],
    ...(setups > 0 ? { histogram: hdr.encodeIntoCompressedBase64(histogram) } : {}),
  };
  histogram.destroy();
  return report;
}
