import { Worker } from 'node:worker_threads';
import type { ThreadCpu } from './thread-cpu.ts';

/**
 * A benchmark's far end in its own worker thread (its own event loop, so the two ends of a
 * measurement use two cores). The module posts `{ ready: ... }` once listening and ends when it
 * receives 'stop'.
 */
export interface FarEnd<T> {
  ready: T;
  /** What the far end posted as `{ report }` while stopping (e.g. a sink's counters). */
  report?: unknown;
  /** The far end's thread CPU time while it ran, when it posts `{ cpu }` (thread-cpu.ts). */
  cpu?: ThreadCpu;
  /** Tells the far end that the measured part starts now (its CPU time counts from here). */
  mark(): void;
  /** Resolves with the far end's event-loop utilization (0-1) when it reports one. */
  stop(): Promise<number | undefined>;
}

export function startFarEnd<T>(moduleUrl: URL, options: unknown): Promise<FarEnd<T>> {
  const worker = new Worker(new URL('../../traffic/worker-bootstrap.js', import.meta.url), {
    workerData: { module: moduleUrl.href, options },
  });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { ready: T }) => {
      worker.off('error', reject);
      const far: FarEnd<T> = {
        ready: m.ready,
        mark: () => worker.postMessage('mark'),
        stop: () =>
          new Promise<number | undefined>((done) => {
            let utilization: number | undefined;
            worker.on('message', (x: { utilization?: number; report?: unknown; cpu?: ThreadCpu }) => {
              if (typeof x.utilization === 'number') utilization = x.utilization;
              if (x.report !== undefined) far.report = x.report;
              if (x.cpu !== undefined) far.cpu = x.cpu;
            });
            worker.once('exit', () => done(utilization));
            worker.postMessage('stop');
            // A far end that does not stop within a second is ended: a benchmark never hangs.
            setTimeout(() => void worker.terminate(), 1000).unref();
          }),
      };
      resolve(far);
    });
  });
}
