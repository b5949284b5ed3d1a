import type { Clock } from './clock.ts';
import type { Share } from './arrivals.ts';
import { loadWindowMs, type ArrivalRateExecutor } from './executor.ts';
import { baseTimeOf, type LiveView } from './live.ts';

/**
 * Starting cycles. The open model (arrival-rate executors) starts a cycle at each arrival time
 * whether or not earlier ones have finished, as subscribers arrive in a real network; an arrival
 * that finds `maxInFlight` cycles running is dropped and counted (k6: dropped_iterations), never
 * queued, so a slow element shows up as a lower achieved rate instead of a silently stretched test.
 * The closed model (per-UE iterations) runs each UE's cycles one after another.
 */
export interface DispatchResult {
  /** Cycles started. */
  started: number;
  /** Arrivals not started because `maxInFlight` cycles were running. */
  dropped: number;
  /** Largest delay between an arrival's due time and its start (the harness falling behind), ms. */
  maxLagMs: number;
}

export async function dispatchArrivals(
  times: Iterable<number>,
  maxInFlight: number,
  cycle: (n: number) => Promise<unknown>,
  clock: Clock,
  signal?: AbortSignal,
): Promise<DispatchResult> {
  const running = new Set<Promise<unknown>>();
  const result: DispatchResult = { started: 0, dropped: 0, maxLagMs: 0 };
  for (const t of times) {
    if (clock.now() < t) await clock.until(t);
    if (signal?.aborted) break;
    if (running.size >= maxInFlight) {
      result.dropped++;
      continue;
    }
    result.maxLagMs = Math.max(result.maxLagMs, clock.now() - t);
    const p: Promise<unknown> = cycle(result.started++).finally(() => running.delete(p));
    running.add(p);
  }
  await Promise.all(running);
  return result;
}

export async function dispatchIterations(
  ues: number,
  iterations: number,
  maxDurationMs: number,
  share: Share,
  cycle: (ue: number, iteration: number) => Promise<unknown>,
  clock: Clock,
  signal?: AbortSignal,
): Promise<DispatchResult> {
  const result: DispatchResult = { started: 0, dropped: 0, maxLagMs: 0 };
  const ue = async (u: number) => {
    for (let it = 0; it < iterations && clock.now() < maxDurationMs && !signal?.aborted; it++) {
      result.started++;
      await cycle(u, it);
    }
  };
  const mine: Promise<void>[] = [];
  for (let u = share.index; u < ues; u += share.of) mine.push(ue(u));
  await Promise.all(mine);
  return result;
}

/**
 * The open model under live control (live.ts): arrival g of this share is started when the
 * schedule in force says it is due; the schedule is asked again at least every `pollMs`, so a rate
 * change or a pause takes effect within that time even while waiting out a long gap. Arrivals stop
 * at the executor's window, whatever the rate.
 */
export async function dispatchLive(
  e: ArrivalRateExecutor,
  share: Share,
  view: LiveView,
  maxInFlight: number,
  cycle: (n: number) => Promise<unknown>,
  clock: Clock,
  signal?: AbortSignal,
  pollMs = 50,
): Promise<DispatchResult> {
  const window = loadWindowMs(e);
  const running = new Set<Promise<unknown>>();
  const result: DispatchResult = { started: 0, dropped: 0, maxLagMs: 0 };
  for (let g = share.index; !signal?.aborted; ) {
    const now = clock.now();
    const t = view.dueAt(g, baseTimeOf(e, g));
    if (t >= window) {
      if (now >= window) break;
      await clock.until(Math.min(window, now + pollMs));
      continue;
    }
    if (now < t) {
      await clock.until(Math.min(t, now + pollMs));
      continue;
    }
    g += share.of;
    if (running.size >= maxInFlight) {
      result.dropped++;
      view.add('dropped');
      continue;
    }
    result.maxLagMs = Math.max(result.maxLagMs, now - t);
    view.add('started');
    const p: Promise<unknown> = cycle(result.started++).finally(() => running.delete(p));
    running.add(p);
  }
  await Promise.all(running);
  return result;
}
