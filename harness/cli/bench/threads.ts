import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
  /** Tells the far end that the measured part is over (its CPU time counts until here); optional. */
  end?(): void;
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

/**
 * A far end in a child process, for modules that load a native addon a second thread cannot
 * (raw-socket): the module sends `{ ready }` over IPC, `{ utilization }` when told 'stop', then exits.
 */
export function startFarEndProcess<T>(moduleUrl: URL): Promise<FarEnd<T>> {
  const child = fork(fileURLToPath(moduleUrl), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`the far end ${moduleUrl.pathname} exited with ${code} before it was ready`)),
    );
    child.once('message', (m: { ready: T }) => {
      child.removeAllListeners('exit');
      child.off('error', reject);
      const far: FarEnd<T> = {
        ready: m.ready,
        // Far ends built on far-end-process.ts count their thread's CPU time from 'mark' to 'end'.
        mark: () => child.send('mark'),
        end: () => child.send('end'),
        stop: () =>
          new Promise<number | undefined>((done) => {
            let utilization: number | undefined;
            child.on('message', (x: { utilization?: number; report?: unknown; cpu?: ThreadCpu }) => {
              if (typeof x.utilization === 'number') utilization = x.utilization;
              if (x.report !== undefined) far.report = x.report;
              if (x.cpu !== undefined) far.cpu = x.cpu;
            });
            child.once('exit', () => done(utilization));
            child.send('stop');
            // A far end that does not stop within a second is killed: a benchmark never hangs.
            setTimeout(() => child.kill('SIGKILL'), 1000).unref();
          }),
      };
      resolve(far);
    });
  });
}
