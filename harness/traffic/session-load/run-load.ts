import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import * as hdr from 'hdr-histogram-js';
import { controlHub, type ControlHub, type LiveLoad, type LoadStatus } from '../control/hub.ts';
import { elementOf, type CycleTarget } from './cycles/index.ts';
import type { Executor } from './executor.ts';
import { LiveControl, liveBuffer } from './live.ts';
import { mergeReports, type LoadReport } from './report.ts';
import { loadSegment, segmentLabel, type Segment } from './segment.ts';
import { latencyHistogram } from './tally.ts';
import type { ThreadPlan, ThreadReport } from './thread-run.ts';

/**
 * A session load spread over worker threads (node:worker_threads): each thread opens its own
 * driver socket toward the element and runs its share of the arrivals; all start at one common
 * instant; their counts and latency histograms are merged here. A ceiling on messages toward a
 * real element (target `limits:`) is divided among the threads, so together they keep it.
 */
export interface LoadOptions {
  target: CycleTarget;
  executor: Executor;
  threads: number;
  /** MCC+MNC of the load's IMSIs. */
  plmn?: string;
  signal?: AbortSignal;
  /** This process's part of a load split over processes; the process-wide `run --segment` by default. */
  segment?: Segment;
  /** The scenario, for the control endpoint's labels. */
  scenario?: string;
  /** Where a running open-model load is served for live control (the process's hub by default). */
  hub?: ControlHub;
  /** Called once the control endpoint serves this load, with its URL. */
  onControl?: (url: string) => void;
}

const BOOTSTRAP = new URL('../worker-bootstrap.js', import.meta.url);
const WORKER = new URL('./worker.ts', import.meta.url);

type FromWorker = { ready: true } | { report: ThreadReport } | { error: string };
type Snapshot = { snapshot: string };

function divideLimit(t: CycleTarget, n: number): CycleTarget {
  const split = <E extends { sendLimit?: { perSecond: number; burst?: number } }>(e: E): E =>
    e.sendLimit
      ? {
          ...e,
          sendLimit: {
            perSecond: e.sendLimit.perSecond / n,
            ...(e.sendLimit.burst ? { burst: Math.max(1, Math.floor(e.sendLimit.burst / n)) } : {}),
          },
        }
      : e;
  switch (t.interface) {
    case 's5':
      return { ...t, pgw: split(t.pgw) };
    case 's11':
      return { ...t, sgw: split(t.sgw) };
    case 'gn':
      return { ...t, ggsn: split(t.ggsn) };
    case 'sxb':
      return { ...t, pgwU: split(t.pgwU) };
    case 'n4':
      return { ...t, upf: split(t.upf) };
  }
}

export async function runSessionLoad(o: LoadOptions): Promise<LoadReport> {
  const threads = Math.max(1, Math.floor(o.threads));
  const segment = o.segment ?? loadSegment();
  // Thread t of segment i is share i·threads + t of segments·threads: the segments together keep
  // the global schedule, the ceiling toward a real element and disjoint IMSIs and UE indices.
  const of = threads * segment.of;
  if (of > 100) throw new Error(`${of} threads over all segments: IMSIs number at most 100 threads (TS 23.003 §2.2)`);
  const target = divideLimit(o.target, of);
  const e = o.executor;
  const buffer = e.executor === 'per-ue-iterations' ? undefined : liveBuffer(threads);
  const indices = Array.from({ length: threads }, (_, t) => segment.index * threads + t);
  const workers = indices.map((index, t) => {
    const plan: ThreadPlan = {
      target,
      executor: e,
      share: { index, of },
      plmn: o.plmn ?? '00101',
      ...(buffer ? { live: { buffer, thread: t } } : {}),
    };
    return new Worker(BOOTSTRAP, { workerData: { module: WORKER.href, options: plan } });
  });
  const snapshots = new Map<Worker, string>();
  for (const w of workers)
    w.on('message', (m: FromWorker | Snapshot) => {
      if ('snapshot' in m) snapshots.set(w, m.snapshot);
    });
  const exited = workers.map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve())));
  const next = (w: Worker) =>
    new Promise<FromWorker>((resolve) => {
      const off = () => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const onMessage = (m: FromWorker | Snapshot) => {
        if ('snapshot' in m) return;
        off();
        resolve(m);
      };
      const onError = (err: Error) => {
        off();
        resolve({ error: err.message });
      };
      const onExit = () => {
        off();
        resolve({ error: 'the thread ended without a report' });
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
    });
  const stop = () => workers.forEach((w) => w.postMessage('stop'));
  o.signal?.addEventListener('abort', stop, { once: true });
  let unregister: (() => void) | undefined;
  try {
    const ready = await Promise.all(workers.map(next));
    const bad = ready.find((m): m is { error: string } => 'error' in m);
    if (bad) throw new Error(`session-load thread failed to start: ${bad.error}`);
    const reports = workers.map(next);
    const startPerf = performance.now() + 20;
    const startAt = performance.timeOrigin + startPerf;
    const control =
      buffer && e.executor !== 'per-ue-iterations'
        ? new LiveControl(buffer, e, segment.of, () => performance.now() - startPerf)
        : undefined;
    if (control) {
      const served = await (o.hub ?? controlHub).register(
        liveLoad(control, o.scenario ?? 'session-load', elementOf(o.target), segment, () => [...snapshots.values()]),
      );
      unregister = served.unregister;
      o.onControl?.(served.url);
    }
    for (const w of workers) w.postMessage({ startAt });
    const done = await Promise.all(reports);
    const failed = done.find((m): m is { error: string } => 'error' in m);
    if (failed) throw new Error(`session-load thread failed: ${failed.error}`);
    return mergeReports(
      e,
      threads,
      done.map((m) => (m as { report: ThreadReport }).report),
      {
        share: { indices, of },
        ...(control ? { live: { changed: control.changed, rateChanges: control.rateChanges } } : {}),
      },
    );
  } finally {
    unregister?.();
    o.signal?.removeEventListener('abort', stop);
    // A thread that does not end by itself within a second is ended: a load never outlives its scenario.
    for (const w of workers) w.postMessage('stop');
    const t = setTimeout(() => workers.forEach((w) => void w.terminate()), 1000);
    await Promise.all(exited);
    clearTimeout(t);
  }
}

/** What the control endpoint sees of a running load. */
function liveLoad(
  control: LiveControl,
  scenario: string,
  element: string,
  segment: Segment,
  snapshots: () => string[],
): LiveLoad {
  const label = segmentLabel(segment);
  return {
    status(): LoadStatus {
      const t = control.totals();
      const h = latencyHistogram();
      for (const s of snapshots()) {
        const one = hdr.decodeFromCompressedBase64(s);
        h.add(one);
        one.destroy();
      }
      const ms = (us: number) => Math.round(us) / 1000;
      const latency =
        h.totalCount > 0
          ? {
              p50: ms(h.getValueAtPercentile(50)),
              p95: ms(h.getValueAtPercentile(95)),
              p99: ms(h.getValueAtPercentile(99)),
              max: ms(h.maxValue),
              mean: ms(h.mean),
              count: h.totalCount,
            }
          : undefined;
      h.destroy();
      return {
        scenario,
        element,
        rate: Math.round(control.currentRate() * 1000) / 1000,
        paused: control.paused,
        ...t,
        ...(latency ? { latency } : {}),
        ...(label ? { segment: label } : {}),
      };
    },
    setRate: (r) => control.setRate(r),
    pause: () => control.pause(),
    resume: () => control.resume(),
  };
}
