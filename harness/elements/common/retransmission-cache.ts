/**
 * TS 29.274 §7.6: a retransmitted request (same peer, same sequence number) is answered with the
 * response sent the first time, not processed again. Entries live for a bounded time and count.
 */
export class RetransmissionCache {
  private readonly entries = new Map<string, { at: number; response: Buffer }>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly max = 100_000,
  ) {}

  key(address: string, port: number, sequence: number): string {
    return `${address}|${port}|${sequence}`;
  }

  get(key: string, now = Date.now()): Buffer | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.response;
  }

  put(key: string, response: Buffer, now = Date.now()): void {
    if (this.entries.size >= this.max) {
      // Oldest first: Map iteration follows insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { at: now, response });
  }

  clear(): void {
    this.entries.clear();
  }
}
