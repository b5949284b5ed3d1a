import { performance } from 'node:perf_hooks';

/**
 * Time as the dispatcher sees it: milliseconds since the load started. The real clock sleeps on
 * timers; a unit test hands in a virtual one and moves time itself, so schedules are checked
 * without depending on how busy the machine is.
 */
export interface Clock {
  now(): number;
  /** Resolves once `now()` ≥ `t`. */
  until(t: number): Promise<void>;
}

/** A clock whose zero is `originMs` on the performance.now() scale of this thread. */
export function realClock(originMs = performance.now()): Clock {
  return {
    now: () => performance.now() - originMs,
    until: (t) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t - (performance.now() - originMs)))),
  };
}
