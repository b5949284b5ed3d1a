/**
 * What one UE received and its procedure has not read yet, and the one procedure waiting for it
 * (a UE runs one NAS procedure at a time, TS 24.501 §4.1). `next` resolves with the next item, or
 * with undefined after `ms` or when `signal` aborts: nothing waits for ever.
 */
export class Inbox<T> {
  private items: T[] = [];
  private waiter?: (item: T | undefined) => void;

  push(item: T): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(item);
    } else this.items.push(item);
  }

  next(ms: number, signal?: AbortSignal): Promise<T | undefined> {
    const ready = this.items.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const done = (item: T | undefined) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(item);
      };
      const onAbort = () => {
        if (this.waiter === done) this.waiter = undefined;
        done(undefined);
      };
      const timer = setTimeout(onAbort, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = done;
    });
  }

  /** Items left unread (for a check that nothing unexpected arrived). */
  drain(): T[] {
    const out = this.items;
    this.items = [];
    return out;
  }
}
