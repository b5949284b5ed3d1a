import { performance } from 'node:perf_hooks';
import { type ThreadCpu, threadCpu, threadCpuSince } from './thread-cpu.ts';

/**
 * The child-process side of a far end (threads.ts startFarEndProcess): posts `{ ready }`; on
 * 'mark' starts counting this thread's CPU time, on 'end' stops (the measured window), on 'stop'
 * posts `{ utilization, cpu, report }` and closes. The bench ending without a 'stop' (killed,
 * Ctrl-C) ends this process too.
 */
export function serveFarEnd(ready: unknown, stop: () => Promise<unknown>): void {
  const started = performance.eventLoopUtilization();
  let from: ThreadCpu | undefined;
  let cpu: ThreadCpu | undefined;
  process.on('message', async (m) => {
    if (m === 'mark') {
      from = threadCpu();
      cpu = undefined;
    } else if (m === 'end') cpu ??= threadCpuSince(from);
    else if (m === 'stop') {
      cpu ??= threadCpuSince(from);
      // How busy this process's event loop was: near 1 means this side is the bottleneck.
      const utilization = performance.eventLoopUtilization(started).utilization;
      const report = await stop();
      process.send!({ utilization, cpu, report });
      process.disconnect();
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ ready });
}
