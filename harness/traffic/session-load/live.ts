import { requestedCycles, type ArrivalRateExecutor } from './executor.ts';

/**
 * Live control of an open-model load (issue "Performance, wave 2", item 4; Spirent Landslide and
 * PacketRusher let an operator change the activation rate while a test runs). The main thread and
 * every worker thread share one SharedArrayBuffer:
 *
 * - the control block, written by the main thread only: a generation number (bumped on every
 *   change), `paused`, and the schedule in force since the last change — `rate` global arrivals per
 *   ms from `since` (ms after the load started), when `dueAtSince` global arrivals were due;
 *   `rate` NaN means "the executor's own schedule" (no change made yet);
 * - one stats block per thread, written by that thread only (plain stores of whole float64s; a
 *   reader may see a count one cycle old, never a torn one): started, dropped, setups, completed,
 *   failed, in flight.
 *
 * Global arrival g (from 0) belongs to the thread whose share index is g mod of (arrivals.ts). With
 * a change in force, arrival g is due at since + (g − dueAtSince) / rate; while paused, never.
 * After a pause the load goes on at the rate in force when it was paused, as a constant rate: the
 * executor's ramp does not jump ahead by the paused time.
 */
const CONTROL = { generation: 0, paused: 1, rate: 2, since: 3, dueAtSince: 4 } as const;
const CONTROL_SLOTS = 8;
export const STAT = { started: 0, dropped: 1, setups: 2, completed: 3, failed: 4, inFlight: 5 } as const;
const STAT_SLOTS = 8;

export type StatName = keyof typeof STAT;

export interface LiveBuffer {
  sab: SharedArrayBuffer;
  threads: number;
}

export function liveBuffer(threads: number): LiveBuffer {
  const sab = new SharedArrayBuffer(8 * (CONTROL_SLOTS + STAT_SLOTS * threads));
  const f = new Float64Array(sab);
  f[CONTROL.rate] = NaN;
  return { sab, threads };
}

/** The worker's side: reads the control block, writes its own stats. */
export class LiveView {
  private readonly f: Float64Array;
  private readonly base: number;

  constructor(buffer: LiveBuffer, thread: number) {
    this.f = new Float64Array(buffer.sab);
    this.base = CONTROL_SLOTS + STAT_SLOTS * thread;
  }

  get generation(): number {
    return this.f[CONTROL.generation];
  }

  add(stat: StatName, n = 1): void {
    this.f[this.base + STAT[stat]] += n;
  }

  /**
   * When global arrival `g` is due (ms after the load started) under the control block now in
   * force; `base` is its time on the executor's own schedule. Infinity while paused.
   */
  dueAt(g: number, base: number): number {
    const f = this.f;
    if (f[CONTROL.paused] === 1) return Number.POSITIVE_INFINITY;
    const rate = f[CONTROL.rate];
    if (Number.isNaN(rate)) return base;
    if (rate <= 0) return Number.POSITIVE_INFINITY;
    return f[CONTROL.since] + Math.max(0, g - f[CONTROL.dueAtSince]) / rate;
  }
}

export interface LiveTotals {
  started: number;
  dropped: number;
  setups: number;
  completed: number;
  failed: number;
  inFlight: number;
}

/**
 * The main thread's side: changes the schedule and reads every thread's stats. `share` is how many
 * global arrivals this process's threads stand for (1 unless load segments split the load over
 * processes: then rates given here are this process's own, and the global rate is rate × of/threads).
 */
export class LiveControl {
  private readonly f: Float64Array;
  /** [seconds since the load started, sessions/s requested] at every change, for the time series. */
  readonly rateChanges: [number, number][] = [];

  constructor(
    readonly buffer: LiveBuffer,
    private readonly executor: ArrivalRateExecutor,
    /** Global arrivals per arrival of this process (segments × threads / threads = segments). */
    private readonly globalPerLocal: number,
    /** ms after the load started, on this thread's clock. */
    private readonly now: () => number,
  ) {
    this.f = new Float64Array(buffer.sab);
  }

  get paused(): boolean {
    return this.f[CONTROL.paused] === 1;
  }

  /** Sessions/s this process is asked for now (the override, or the executor's rate at this time). */
  currentRate(): number {
    if (this.paused) return 0;
    const r = this.f[CONTROL.rate];
    const perMs = Number.isNaN(r) ? rateAt(this.executor, this.now()) : r;
    return (perMs * 1000) / this.globalPerLocal;
  }

  /** From now on, `perSecond` sessions/s for this process (the others keep their share likewise). */
  setRate(perSecond: number): void {
    if (!Number.isFinite(perSecond) || perSecond < 0) throw new Error(`rate must be ≥ 0 sessions/s, got ${perSecond}`);
    this.change((perSecond / 1000) * this.globalPerLocal, false);
  }

  pause(): void {
    if (!this.paused) this.change(this.rateNowPerMs(), true);
  }

  resume(): void {
    if (this.paused) this.change(this.f[CONTROL.rate], false);
  }

  totals(): LiveTotals {
    const t: LiveTotals = { started: 0, dropped: 0, setups: 0, completed: 0, failed: 0, inFlight: 0 };
    for (let i = 0; i < this.buffer.threads; i++) {
      const b = CONTROL_SLOTS + STAT_SLOTS * i;
      for (const k of Object.keys(t) as StatName[]) t[k] += this.f[b + STAT[k]];
    }
    return t;
  }

  /** Whether anything was changed while the load ran (its requested total is then what was due). */
  get changed(): boolean {
    return this.f[CONTROL.generation] > 0;
  }

  private rateNowPerMs(): number {
    const r = this.f[CONTROL.rate];
    return Number.isNaN(r) ? rateAt(this.executor, this.now()) : r;
  }

  private change(ratePerMs: number, paused: boolean): void {
    const f = this.f;
    const t = this.now();
    f[CONTROL.dueAtSince] = this.dueBy(t);
    f[CONTROL.since] = t;
    f[CONTROL.rate] = ratePerMs;
    f[CONTROL.paused] = paused ? 1 : 0;
    f[CONTROL.generation] += 1;
    this.rateChanges.push([Math.max(0, t) / 1000, paused ? 0 : (ratePerMs * 1000) / this.globalPerLocal]);
  }

  /** Global arrivals due by `t` under the control block in force. */
  private dueBy(t: number): number {
    const f = this.f;
    const rate = f[CONTROL.rate];
    if (f[CONTROL.paused] === 1) return f[CONTROL.dueAtSince];
    if (Number.isNaN(rate)) return integral(this.executor, t);
    return f[CONTROL.dueAtSince] + Math.max(0, t - f[CONTROL.since]) * rate;
  }
}

/** The executor's own rate at `t` ms, in global arrivals per ms. */
export function rateAt(e: ArrivalRateExecutor, t: number): number {
  if (e.executor === 'constant-arrival-rate') return t < e.durationMs ? e.rate / e.timeUnitMs : 0;
  let start = 0;
  let from = e.startRate;
  for (const s of e.stages) {
    if (t < start + s.durationMs) return (from + ((s.target - from) * (t - start)) / s.durationMs) / e.timeUnitMs;
    start += s.durationMs;
    from = s.target;
  }
  return 0;
}

/** Arrivals the executor's own schedule has made due by `t` ms (the integral of its rate). */
export function integral(e: ArrivalRateExecutor, t: number): number {
  if (e.executor === 'constant-arrival-rate') return (Math.min(t, e.durationMs) * e.rate) / e.timeUnitMs;
  let start = 0;
  let from = e.startRate;
  let n = 0;
  for (const s of e.stages) {
    const d = Math.min(s.durationMs, Math.max(0, t - start));
    const to = from + ((s.target - from) * d) / s.durationMs;
    n += (((from + to) / 2) * d) / e.timeUnitMs;
    if (t < start + s.durationMs) return n;
    start += s.durationMs;
    from = s.target;
  }
  return n;
}

/**
 * When global arrival `g` is due on the executor's own schedule (ms after the load started), or
 * Infinity past its last arrival: the inverse of `integral`, solved per stage as arrivals.ts does.
 */
export function baseTimeOf(e: ArrivalRateExecutor, g: number): number {
  if (g >= requestedCycles(e)) return Number.POSITIVE_INFINITY;
  if (e.executor === 'constant-arrival-rate') return (g * e.timeUnitMs) / e.rate;
  let start = 0;
  let reached = 0;
  let from = e.startRate / e.timeUnitMs;
  for (const s of e.stages) {
    const to = s.target / e.timeUnitMs;
    const total = ((from + to) / 2) * s.durationMs;
    if (g < reached + total - 1e-9) {
      const k = g - reached;
      const c = (to - from) / (2 * s.durationMs);
      return start + (k === 0 ? 0 : (2 * k) / (from + Math.sqrt(Math.max(0, from * from + 4 * c * k))));
    }
    start += s.durationMs;
    reached += total;
    from = to;
  }
  return Number.POSITIVE_INFINITY;
}
