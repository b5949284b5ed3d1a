/**
 * Time for the association's timers (RFC 9260 T1-init, T1-cookie, T2-shutdown, T3-rtx, T5, the
 * delayed-SACK and heartbeat timers): the real clock, or a simulated one that tests advance by
 * hand, so protocol timing is tested without waiting and without absolute time budgets.
 */
export interface Timer {
  readonly id: unknown;
}

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  set(fn: () => void, ms: number): Timer;
  clear(t: Timer | undefined): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  set(fn, ms) {
    return { id: setTimeout(fn, ms) };
  },
  clear(t) {
    if (t) clearTimeout(t.id as NodeJS.Timeout);
  },
};

/** A clock that moves only when `advance` is called; timers fire in deadline order. */
export class ManualClock implements Clock {
  private t = 0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  set(fn: () => void, ms: number): Timer {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return { id };
  }

  clear(t: Timer | undefined): void {
    if (t) this.timers.delete(t.id as number);
  }

  /** The deadline of the next timer, or undefined when none is set. */
  nextDeadline(): number | undefined {
    let best: number | undefined;
    for (const { at } of this.timers.values()) if (best === undefined || at < best) best = at;
    return best;
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
}
