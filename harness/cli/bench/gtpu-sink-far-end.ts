import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { GtpuSink } from '../../traffic/index.ts';

/** `bench gtpu`'s far end: the GTP-U sink alone in a worker thread (its own core). */
const sink = new GtpuSink();
const port = sink.listen('::1');
const started = performance.eventLoopUtilization();
parentPort!.postMessage({ ready: { port } });
parentPort!.on('message', async (m) => {
  if (m !== 'stop') return;
  parentPort!.postMessage({ report: sink.report() });
  parentPort!.postMessage({ utilization: performance.eventLoopUtilization(started).utilization });
  await sink.close();
  parentPort!.close();
});
