import { setMaxListeners } from 'node:events';
import * as hdr from 'hdr-histogram-js';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { realClock } from './clock.ts';
import { Tally } from './tally.ts';
import { openThreadDriver, runThread, type ThreadPlan } from './thread-run.ts';

/**
 * A session-load worker thread (started through harness/traffic/worker-bootstrap.js). Protocol
 * with the main thread: → `{ ready }` once its socket is open (or `{ error }`); ← `{ startAt }`
 * (epoch ms, the same instant for every thread); → `{ report }` when its share is done; ← 'stop'
 * aborts whatever runs. Under live control (plan.live) it also posts `{ snapshot }`, its setup
 * latency histogram so far, every second, for the control endpoint's live quantiles.
 */
const port = parentPort!;
const plan = (workerData as { options: ThreadPlan }).options;
const controller = new AbortController();
// Every cycle in flight listens for the abort (and stops listening when done).
setMaxListeners(0, controller.signal);

let started = false;
port.on('message', (m: 'stop' | { startAt: number }) => {
  if (m !== 'stop') {
    started = true;
    void go(m.startAt);
    return;
  }
  controller.abort(new Error('session load stopped'));
  if (!started) void driver?.close().finally(() => port.close());
});

let driver: Awaited<ReturnType<typeof openThreadDriver>> | undefined;
try {
  driver = await openThreadDriver(plan, controller.signal);
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ error: err instanceof Error ? err.message : String(err) });
}

async function go(startAt: number): Promise<void> {
  const tally = new Tally();
  const snapshots = plan.live
    ? setInterval(() => port.postMessage({ snapshot: hdr.encodeIntoCompressedBase64(tally.histogram) }), 1000)
    : undefined;
  try {
    // performance.timeOrigin differs per thread; the epoch instant is common to all.
    const clock = realClock(startAt - performance.timeOrigin);
    const report = await runThread(plan, driver!, clock, controller.signal, tally);
    port.postMessage({ report });
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? err.message : String(err) });
  } finally {
    clearInterval(snapshots);
    await driver?.close();
    port.close();
  }
}
