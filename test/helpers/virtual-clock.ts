import type { Clock } from '../../harness/traffic/session-load/index.ts';

/** Time moves only when the test steps it: to the earliest pending `until`. */
export class VirtualClock implements Clock {
  private t = 0;
  private waiters: { at: number; resolve: () => void }[] = [];
  now(): number {
    return this.t;
  }
  until(at: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ at, resolve }));
  }
  /** Wakes the earliest waiters; false when nothing waits. */
  step(): boolean {
    if (this.waiters.length === 0) return false;
    const at = Math.min(...this.waiters.map((w) => w.at));
    this.t = Math.max(this.t, at);
    const due = this.waiters.filter((w) => w.at <= this.t);
    this.waiters = this.waiters.filter((w) => w.at > this.t);
    for (const w of due) w.resolve();
    return true;
  }
  /** Runs `p` to completion, stepping time whenever every promise chain has settled. */
  async run<T>(p: Promise<T>): Promise<T> {
    let done = false;
    void p.finally(() => (done = true));
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (done) return p;
      if (!this.step()) throw new Error(`nothing to wait for at t=${this.t} and the dispatcher has not finished`);
    }
  }
}
