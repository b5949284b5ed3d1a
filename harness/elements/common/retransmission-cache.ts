/**
 * Duplicate detection for GTP-C and PFCP (TS 29.274 §7.6, TS 29.060 §7.6, TS 29.244 §6.4): a
 * retransmitted request — the *same* request, from the same peer with the same sequence number —
 * is answered with the response sent the first time, not processed again. The key is the peer and
 * the sequence number, and a hit is confirmed against the request's octets (its type among them):
 * a sequence number reused for another request (the 16-bit GTPv1-C space wraps within a minute at
 * 1,100 requests a second) is answered afresh, and its new response replaces the old one.
 *
 * Entries live at least `ttlMs` and at most twice that: two generations of maps, the older dropped
 * whole when the newer is `ttlMs` old, so every operation is O(1) however many sessions a second go
 * through (no per-entry expiry, no oldest-first scans). `max` bounds memory: a full generation
 * rotates early. No key string is built or hashed per request.
 */
interface Entry {
  request: Buffer;
  response: Buffer;
}

/** Where a request came from and which one it is (from key()). */
export interface CacheKey {
  address: string;
  port: number;
  sequence: number;
}

/** One generation: by address, port and sequence number (small integers: no hashing of strings). */
class Generation {
  size = 0;
  readonly byAddress = new Map<string, Map<number, Map<number, Entry>>>();

  get(k: CacheKey): Entry | undefined {
    return this.byAddress.get(k.address)?.get(k.port)?.get(k.sequence);
  }

  set(k: CacheKey, e: Entry): void {
    let ports = this.byAddress.get(k.address);
    if (!ports) {
      ports = new Map();
      this.byAddress.set(k.address, ports);
    }
    let m = ports.get(k.port);
    if (!m) {
      m = new Map();
      ports.set(k.port, m);
    }
    const before = m.size;
    m.set(k.sequence, e);
    this.size += m.size - before;
  }
}

export class RetransmissionCache {
  private current = new Generation();
  private previous = new Generation();
  private rotatedAt: number;

  constructor(
    private readonly ttlMs = 30_000,
    private readonly max = 100_000,
    now = Date.now(),
  ) {
    this.rotatedAt = now;
  }

  /**
   * The key of one request: the peer and the sequence number. The message type and the rest of
   * the request (which callers pass along) are not part of it: the octets, type included, are
   * compared on get(), and a peer reusing a sequence number for another request replaces the entry.
   */
  key(address: string, port: number, sequence: number, _messageType?: number | string, _request?: Buffer): CacheKey {
    return { address, port, sequence };
  }

  /** The response to the request of `key` if it was answered before; `request` must be its octets. */
  get(key: CacheKey, request: Buffer, now = Date.now()): Buffer | undefined {
    this.maybeRotate(now);
    const e = this.current.get(key) ?? this.previous.get(key);
    return e?.request.equals(request) ? e.response : undefined;
  }

  put(key: CacheKey, request: Buffer, response: Buffer, now = Date.now()): void {
    this.maybeRotate(now);
    if (this.current.size >= this.max / 2) this.rotate(now);
    // A copy: the socket may reuse the buffer it received the request in.
    const copy = Buffer.allocUnsafe(request.length);
    request.copy(copy);
    this.current.set(key, { request: copy, response });
  }

  clear(): void {
    this.current = new Generation();
    this.previous = new Generation();
  }

  private maybeRotate(now: number): void {
    if (now - this.rotatedAt >= this.ttlMs) this.rotate(now);
  }

  private rotate(now: number): void {
    this.previous = this.current;
    this.current = new Generation();
    this.rotatedAt = now;
  }
}
