import type { SendLimit } from '../send-limit.ts';

export type { SendLimit };

/** Sends under a SendLimit, in order: a token bucket. */
export class SendQueue {
  private tokens: number;
  private last = performance.now();
  private readonly queue: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  /** Sends that had to wait (for reports: the ceiling was reached). */
  delayed = 0;

  constructor(private readonly limit: SendLimit) {
    this.tokens = limit.burst ?? Math.max(1, Math.min(limit.perSecond, 10));
  }

  /** Runs `send` now if the ceiling allows, else as soon as it does (order kept). */
  submit(send: () => void): void {
    if (this.queue.length === 0 && this.take()) {
      send();
      return;
    }
    this.delayed++;
    this.queue.push(send);
    this.schedule();
  }

  /** Drops whatever still waits (the driver is closing). */
  clear(): void {
    this.queue.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private take(): boolean {
    const now = performance.now();
    const cap = this.limit.burst ?? Math.max(1, Math.min(this.limit.perSecond, 10));
    this.tokens = Math.min(cap, this.tokens + ((now - this.last) * this.limit.perSecond) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private schedule(): void {
    if (this.timer) return;
    const waitMs = Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.limit.perSecond));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      while (this.queue.length && this.take()) this.queue.shift()!();
      if (this.queue.length) this.schedule();
    }, waitMs);
  }
}
