/**
 * Where a UE model's arriving packets go: first to standing consumers (taps: a TCP connection, a
 * CLAT, a DHCPv6 exchange take what is theirs however many arrive at once), then to one-shot
 * waiters (the answer a request waits for, with a deadline and an abort signal), and what nobody
 * wanted is kept in `unexpected` for checks on what else the network sent.
 */
export class PacketWaiters<P> {
  private waiters: ((p: P) => boolean)[] = [];
  private readonly taps = new Set<(raw: Buffer, p: P) => boolean>();
  /** Packets that arrived and no tap or waiter wanted. */
  readonly unexpected: P[] = [];

  /** Hands one packet on; says who took it. */
  protected offer(raw: Buffer, p: P): 'tap' | 'waiter' | 'unexpected' {
    for (const tap of this.taps) if (tap(raw, p)) return 'tap';
    // A waiter that takes the packet removes itself (finish, below).
    if (this.waiters.some((w) => w(p))) return 'waiter';
    this.unexpected.push(p);
    return 'unexpected';
  }

  /** A standing consumer of arriving packets, asked before any waiter; returns the function that removes it. */
  tap(consumer: (raw: Buffer, p: P) => boolean): () => void {
    this.taps.add(consumer);
    return () => this.taps.delete(consumer);
  }

  /** The first arriving packet that `match` takes within `ms`, or undefined (also when `signal` aborts). */
  protected waitFor(match: (p: P) => boolean, ms: number, signal?: AbortSignal): Promise<P | undefined> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (p?: P) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(p);
      };
      const waiter = (p: P) => {
        if (!match(p)) return false;
        finish(p);
        return true;
      };
      const timer = setTimeout(() => finish(), ms);
      const onAbort = () => finish();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }
}
