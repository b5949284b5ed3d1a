import { noRecorder } from '../../net/pcap/index.ts';
import { arrivals, type Share } from './arrivals.ts';
import type { Clock } from './clock.ts';
import { openCycles, type CycleDriver, type CycleTarget, type LoadUe } from './cycles/index.ts';
import { dispatchArrivals, dispatchIterations, dispatchLive, type DispatchResult } from './dispatch.ts';
import { LiveView, type LiveBuffer } from './live.ts';
import type { Executor } from './executor.ts';
import { Tally, type CycleResult, type TallyReport } from './tally.ts';

/**
 * One thread's part of a session load: its own driver socket, its share of the arrivals (or of
 * the UEs), its own IMSI range, and its own counts, which the main thread merges.
 */
export interface ThreadPlan {
  target: CycleTarget;
  executor: Executor;
  share: Share;
  /** MCC+MNC of the IMSIs (5 digits); the thread's number and a counter follow (TS 23.003 §2.2). */
  plmn: string;
  /**
   * Live control and stats shared with the main thread (live.ts), and this thread's slot in it
   * (its number within this process; `share.index` is its number among every process's threads).
   */
  live?: { buffer: LiveBuffer; thread: number };
}

export type ThreadReport = TallyReport & DispatchResult;

/** IMSI = PLMN (5) + thread (2) + UE number (8): 15 digits, disjoint between threads. */
export function imsiOf(plmn: string, thread: number, n: number): string {
  return `${plmn}${String(thread % 100).padStart(2, '0')}${String(n % 1e8).padStart(8, '0')}`;
}

export function openThreadDriver(plan: ThreadPlan, signal?: AbortSignal): Promise<CycleDriver> {
  return openCycles(plan.target, { recorder: noRecorder }, signal);
}

/** Runs the plan's share on `driver` from clock time 0; resolves when every started cycle has ended. */
export async function runThread(
  plan: ThreadPlan,
  driver: CycleDriver,
  clock: Clock,
  signal?: AbortSignal,
  tally = new Tally(),
): Promise<ThreadReport> {
  const { index, of } = plan.share;
  const view = plan.live ? new LiveView(plan.live.buffer, plan.live.thread) : undefined;
  const one = async (ue: LoadUe): Promise<void> => {
    const started = clock.now();
    view?.add('inFlight');
    let r: CycleResult;
    try {
      r = await driver.cycle(ue, signal);
    } catch (err) {
      if (signal?.aborted) return;
      r = { kind: 'setup-failed', cause: `harness: ${err instanceof Error ? err.message : String(err)}` };
    } finally {
      view?.add('inFlight', -1);
    }
    tally.add(r, started);
    if (view) {
      if (r.kind !== 'setup-failed') view.add('setups');
      if (r.kind === 'completed') view.add('completed');
      else view.add('failed');
    }
  };
  if (clock.now() < 0) await clock.until(0);
  const e = plan.executor;
  const dispatched =
    e.executor === 'per-ue-iterations'
      ? await dispatchIterations(
          e.ues,
          e.iterations,
          e.maxDurationMs,
          plan.share,
          (u) => one({ imsi: imsiOf(plan.plmn, index, u), index: u }),
          clock,
          signal,
        )
      : view
        ? await dispatchLive(
            e,
            plan.share,
            view,
            Math.max(1, Math.ceil(e.maxInFlight / of)),
            (n) => one({ imsi: imsiOf(plan.plmn, index, n), index: n * of + index }),
            clock,
            signal,
          )
        : await dispatchArrivals(
            arrivals(e, plan.share),
            Math.max(1, Math.ceil(e.maxInFlight / of)),
            (n) => one({ imsi: imsiOf(plan.plmn, index, n), index: n * of + index }),
            clock,
            signal,
          );
  return { ...tally.report(), ...dispatched };
}
