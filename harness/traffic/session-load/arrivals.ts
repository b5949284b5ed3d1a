import { requestedCycles, type ArrivalRateExecutor } from './executor.ts';

/**
 * When each cycle of an open-model executor starts, in ms after the start of the load. Arrival i
 * (from 0) comes when the integral of the requested rate reaches i: for a constant rate that is
 * i·timeUnit/rate; within a ramping stage the rate is linear in time, so the integral is quadratic
 * and each arrival time is the root of a quadratic. Arrivals are produced lazily (a long test at a
 * high rate never holds its whole schedule in memory).
 *
 * `share` deals arrivals round-robin over worker threads: worker `index` of `of` takes arrivals
 * index, index+of, index+2·of, ... so the workers together keep the exact requested schedule.
 */
export interface Share {
  index: number;
  of: number;
}

export function* arrivals(
  e: ArrivalRateExecutor,
  share: Share = { index: 0, of: 1 },
): Generator<number, void, undefined> {
  let i = 0;
  for (const t of allArrivals(e)) {
    if (i++ % share.of === share.index) yield t;
  }
}

function* allArrivals(e: ArrivalRateExecutor): Generator<number, void, undefined> {
  if (e.executor === 'constant-arrival-rate') {
    const gap = e.timeUnitMs / e.rate;
    // As many as requestedCycles() counts, whatever the rounding of i·gap near the end.
    const n = requestedCycles(e);
    for (let i = 0; i < n; i++) yield i * gap;
    return;
  }
  let stageStart = 0;
  let reached = 0; // arrivals due by stageStart (the integral of the rate)
  let rate = e.startRate / e.timeUnitMs; // per ms
  let i = 0;
  for (const s of e.stages) {
    const a = rate;
    const b = s.target / e.timeUnitMs;
    const total = ((a + b) / 2) * s.durationMs;
    // N(τ) = a·τ + (b − a)/(2D)·τ² within the stage; N(τ) = k solved as 2k / (a + √(a² + 4ck)),
    // the form that stays exact when the stage is flat (c = 0) or starts from rate 0 (a = 0).
    const c = (b - a) / (2 * s.durationMs);
    for (; i < reached + total - 1e-9; i++) {
      const k = i - reached;
      const tau = k === 0 ? 0 : (2 * k) / (a + Math.sqrt(Math.max(0, a * a + 4 * c * k)));
      yield stageStart + tau;
    }
    stageStart += s.durationMs;
    reached += total;
    rate = b;
  }
}
