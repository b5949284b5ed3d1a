import { readFileSync } from 'node:fs';

/**
 * CPU time of the calling thread from /proc/thread-self/schedstat (Linux): nanoseconds on a CPU
 * and nanoseconds spent runnable but waiting for one. On a machine that other work keeps busy a
 * rate falls while the CPU time per operation hardly moves, so the benches print both; the wait
 * shows how much the machine's load took away. Undefined where the file does not exist.
 */
export interface ThreadCpu {
  cpuNs: number;
  waitNs: number;
}

export function threadCpu(): ThreadCpu | undefined {
  try {
    const [cpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return Number.isFinite(cpu) && Number.isFinite(wait) ? { cpuNs: cpu, waitNs: wait } : undefined;
  } catch {
    return undefined;
  }
}

/** CPU used since `start` (from threadCpu()), or undefined without schedstat. */
export function threadCpuSince(start: ThreadCpu | undefined): ThreadCpu | undefined {
  const now = threadCpu();
  return start && now ? { cpuNs: now.cpuNs - start.cpuNs, waitNs: now.waitNs - start.waitNs } : undefined;
}

/** "12.3 µs CPU per pair (waited 40 % of the time for a CPU)" for `ops` operations. */
export function perOperation(cpu: ThreadCpu | undefined, ops: number, what: string): string {
  if (!cpu || ops <= 0) return 'CPU time not available';
  const wait = cpu.waitNs / Math.max(1, cpu.cpuNs + cpu.waitNs);
  return `${(cpu.cpuNs / ops / 1000).toFixed(2)} µs CPU per ${what} (runnable but waiting for a CPU ${(wait * 100).toFixed(0)} % of the time)`;
}
