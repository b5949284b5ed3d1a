import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { CycleTarget } from './cycles/index.ts';
import type { Executor } from './executor.ts';
import { mergeReports, type LoadReport } from './report.ts';
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
}

const BOOTSTRAP = new URL('../worker-bootstrap.js', import.meta.url);
const WORKER = new URL('./worker.ts', import.meta.url);

type FromWorker = { ready: true } | { report: ThreadReport } | { error: string };

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
  }
}

export async function runSessionLoad(o: LoadOptions): Promise<LoadReport> {
  const threads = Math.max(1, Math.floor(o.threads));
  const target = divideLimit(o.target, threads);
  const workers = Array.from({ length: threads }, (_, index) => {
    const plan: ThreadPlan = { target, executor: o.executor, share: { index, of: threads }, plmn: o.plmn ?? '00101' };
    return new Worker(BOOTSTRAP, { workerData: { module: WORKER.href, options: plan } });
  });
  const exited = workers.map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve())));
  const next = (w: Worker) =>
    new Promise<FromWorker>((resolve) => {
      const off = () => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const onMessage = (m: FromWorker) => {
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
  try {
    const ready = await Promise.all(workers.map(next));
    const bad = ready.find((m): m is { error: string } => 'error' in m);
    if (bad) throw new Error(`session-load thread failed to start: ${bad.error}`);
    const reports = workers.map(next);
    const startAt = performance.timeOrigin + performance.now() + 20;
    for (const w of workers) w.postMessage({ startAt });
    const done = await Promise.all(reports);
    const failed = done.find((m): m is { error: string } => 'error' in m);
    if (failed) throw new Error(`session-load thread failed: ${failed.error}`);
    return mergeReports(
      o.executor,
      threads,
      done.map((m) => (m as { report: ThreadReport }).report),
    );
  } finally {
    o.signal?.removeEventListener('abort', stop);
    // A thread that does not end by itself within a second is ended: a load never outlives its scenario.
    for (const w of workers) w.postMessage('stop');
    const t = setTimeout(() => workers.forEach((w) => void w.terminate()), 1000);
    await Promise.all(exited);
    clearTimeout(t);
  }
}
