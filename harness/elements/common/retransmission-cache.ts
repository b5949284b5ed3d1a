/**
 * TS 29.274 §7.6: a retransmitted request (same peer, same sequence number) is answered with the
 * response sent the first time, not processed again. Entries live at least `ttlMs` and at most
 * twice that: two generations of maps, the older dropped whole when the newer is `ttlMs` old, so
 * every operation is O(1) however many sessions a second go through (no per-entry expiry, no
 * oldest-first scans). `max` bounds memory: a full generation rotates early.
 */
export class RetransmissionCache {
  private current = new Map<string, Buffer>();
  private previous = new Map<string, Buffer>();
  private rotatedAt: number;

  constructor(
    private readonly ttlMs = 30_000,
    private readonly max = 100_000,
    now = Date.now(),
  ) {
    this.rotatedAt = now;
  }

  key(address: string, port: number, sequence: number): string {
    return `${address}|${port}|${sequence}`;
  }

  get(key: string, now = Date.now()): Buffer | undefined {
    this.maybeRotate(now);
    return this.current.get(key) ?? this.previous.get(key);
  }

  put(key: string, response: Buffer, now = Date.now()): void {
    this.maybeRotate(now);
    if (this.current.size >= this.max / 2) this.rotate(now);
    this.current.set(key, response);
  }

  clear(): void {
    this.current.clear();
    this.previous.clear();
  }

  private maybeRotate(now: number): void {
    if (now - this.rotatedAt >= this.ttlMs) this.rotate(now);
  }

  private rotate(now: number): void {
    this.previous = this.current;
    this.current = new Map();
    this.rotatedAt = now;
  }
}
