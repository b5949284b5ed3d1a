/**
 * Duplicate detection for GTP-C and PFCP (TS 29.274 §7.6, TS 29.060 §7.6, TS 29.244 §6.4): a
 * retransmitted request — the *same* request, from the same peer with the same sequence number —
 * is answered with the response sent the first time, not processed again. The key is the peer,
 * the sequence number, the message type and a hash of the request's octets, and a hit is
 * confirmed against the octets themselves: a sequence number reused for another request (the
 * 16-bit GTPv1-C space wraps within a minute at 1,100 requests a second) is answered afresh.
 *
 * Entries live at least `ttlMs` and at most twice that: two generations of maps, the older dropped
 * whole when the newer is `ttlMs` old, so every operation is O(1) however many sessions a second go
 * through (no per-entry expiry, no oldest-first scans). `max` bounds memory: a full generation
 * rotates early.
 */
interface Entry {
  request: Buffer;
  response: Buffer;
}

export class RetransmissionCache {
  private current = new Map<string, Entry>();
  private previous = new Map<string, Entry>();
  private rotatedAt: number;

  constructor(
    private readonly ttlMs = 30_000,
    private readonly max = 100_000,
    now = Date.now(),
  ) {
    this.rotatedAt = now;
  }

  /** The key of one request: peer, sequence number, message type and the hash of its octets. */
  key(address: string, port: number, sequence: number, messageType: number | string, request: Buffer): string {
    return `${address}|${port}|${sequence}|${messageType}|${request.length}|${fnv1a(request)}`;
  }

  /** The response to the request of `key` if it was answered before; `request` must be its octets. */
  get(key: string, request: Buffer, now = Date.now()): Buffer | undefined {
    this.maybeRotate(now);
    const e = this.current.get(key) ?? this.previous.get(key);
    return e?.request.equals(request) ? e.response : undefined;
  }

  put(key: string, request: Buffer, response: Buffer, now = Date.now()): void {
    this.maybeRotate(now);
    if (this.current.size >= this.max / 2) this.rotate(now);
    // A copy: the socket may reuse the buffer it received the request in.
    this.current.set(key, { request: Buffer.from(request), response });
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

/** FNV-1a, 32 bits: a fast hash for the key; hits are confirmed against the octets. */
function fnv1a(b: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}
