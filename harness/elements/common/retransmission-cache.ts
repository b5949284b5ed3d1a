/**
 * Duplicate detection for GTP-C and PFCP (TS 29.274 §7.6, TS 29.060 §7.6, TS 29.244 §6.4): a
 * retransmitted request — the *same* request, from the same peer with the same sequence number —
 * is answered with the response sent the first time, not processed again. The key is the peer and
 * the sequence number, and a hit is confirmed against the request's octets (which hold the message
 * type): a sequence number reused for another request (the 16-bit GTPv1-C space wraps within a
 * minute at 1,100 requests a second) is answered afresh, and its new response replaces the old one.
 *
 * Entries live at least `ttlMs` and at most twice that: two generations, the older dropped whole
 * when the newer is `ttlMs` old, so every operation is O(1) however many sessions a second go
 * through (no per-entry expiry, no oldest-first scans). `max` bounds memory: a full generation
 * rotates early.
 *
 * At tens of thousands of requests a second a generation holds hundreds of thousands of entries
 * for tens of seconds. Held as objects (a key string, an entry, two Buffers each) they all survive
 * the young generation and are copied into the old one, and every major GC marks them again: the
 * garbage collector took a third of a stand-in's CPU. So a generation holds no object per entry:
 * the octets of request and response are appended to large chunks, and a map per peer takes the
 * sequence number (a small integer) to the entry's place (a small integer).
 */

/** Where a request came from and which one it is (from key()); not kept by the cache. */
export interface CacheKey {
  address: string;
  port: number;
  sequence: number;
}

/** Each entry in a chunk: request length, response length (4 octets each), then both. */
const ENTRY_HEADER = 8;
const FIRST_CHUNK = 64 * 1024;
const CHUNK = 1024 * 1024;
/**
 * An entry's place is chunk index × CHUNK_SPAN + offset in the chunk (a small integer). A chunk is
 * CHUNK octets, or as large as one entry that does not fit one (up to CHUNK_SPAN).
 */
const CHUNK_SPAN = 4 * 1024 * 1024;
/** A generation whose chunks would hold more than this rotates early (bounds memory as `max` does). */
const MAX_SLAB = 64 * 1024 * 1024;

class Generation {
  size = 0;
  /**
   * Append-only chunks: a full one is left as it is and a new one started, so what is cached is
   * never copied again (a slab grown by doubling copied every entry once per doubling, and
   * allocated tens of MiB at a time).
   */
  private readonly chunks: Buffer[] = [Buffer.allocUnsafe(FIRST_CHUNK)];
  private chunk = this.chunks[0];
  private used = 0;
  private total = FIRST_CHUNK;
  /** address → port → sequence number → place of the entry (chunk index × CHUNK_SPAN + offset). */
  private readonly peers = new Map<string, Map<number, Map<number, number>>>();

  /** The peer asked last (a stand-in mostly hears one or a few): its map without the two lookups. */
  private lastAddress?: string;
  private lastPort = -1;
  private lastSeqs?: Map<number, number>;

  private sequences(k: CacheKey, create: boolean): Map<number, number> | undefined {
    if (k.port === this.lastPort && k.address === this.lastAddress) return this.lastSeqs;
    let ports = this.peers.get(k.address);
    if (!ports) {
      if (!create) return undefined;
      ports = new Map();
      this.peers.set(k.address, ports);
    }
    let seqs = ports.get(k.port);
    if (!seqs) {
      if (!create) return undefined;
      seqs = new Map();
      ports.set(k.port, seqs);
    }
    this.lastAddress = k.address;
    this.lastPort = k.port;
    this.lastSeqs = seqs;
    return seqs;
  }

  /** The response cached for `k` when its request's octets equal `request`. */
  get(k: CacheKey, request: Buffer): Buffer | undefined {
    const place = this.sequences(k, false)?.get(k.sequence);
    if (place === undefined) return undefined;
    const s = this.chunks[Math.floor(place / CHUNK_SPAN)];
    const at = place % CHUNK_SPAN;
    const reqLen = s.readUInt32BE(at);
    const resLen = s.readUInt32BE(at + 4);
    const from = at + ENTRY_HEADER;
    if (reqLen !== request.length || s.compare(request, 0, reqLen, from, from + reqLen) !== 0) return undefined;
    // A view: a chunk's octets are never overwritten (append only).
    return s.subarray(from + reqLen, from + reqLen + resLen);
  }

  /** False when no chunk can take the entry (the generation is full). */
  set(k: CacheKey, request: Buffer, response: Buffer): boolean {
    const need = ENTRY_HEADER + request.length + response.length;
    if (this.used + need > this.chunk.length && !this.nextChunk(need)) return false;
    const at = this.used;
    const s = this.chunk;
    s.writeUInt32BE(request.length, at);
    s.writeUInt32BE(response.length, at + 4);
    // Uint8Array's set: a plain memcpy (Buffer's copy() costs more in JS for a few hundred octets).
    s.set(request, at + ENTRY_HEADER);
    s.set(response, at + ENTRY_HEADER + request.length);
    this.used += need;
    const seqs = this.sequences(k, true)!;
    const before = seqs.size;
    seqs.set(k.sequence, (this.chunks.length - 1) * CHUNK_SPAN + at);
    this.size += seqs.size - before;
    return true;
  }

  private nextChunk(need: number): boolean {
    const size = Math.max(CHUNK, need);
    if (size > CHUNK_SPAN || this.total + size > MAX_SLAB) return false;
    this.chunk = Buffer.allocUnsafe(size);
    this.chunks.push(this.chunk);
    this.used = 0;
    this.total += size;
    return true;
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
   * The key of one request: peer and sequence number. The message type and the octets, which
   * callers pass along, are not part of it: the octets (type included) are compared on get().
   */
  key(address: string, port: number, sequence: number, _messageType?: number | string, _request?: Buffer): CacheKey {
    return { address, port, sequence };
  }

  /** The response to the request of `key` if it was answered before; `request` must be its octets. */
  get(key: CacheKey, request: Buffer, now = Date.now()): Buffer | undefined {
    this.maybeRotate(now);
    return this.current.get(key, request) ?? this.previous.get(key, request);
  }

  /** Keeps copies of both (the socket may reuse the buffer the request came in, an encoder its output). */
  put(key: CacheKey, request: Buffer, response: Buffer, now = Date.now()): void {
    this.maybeRotate(now);
    if (this.current.size >= this.max / 2) this.rotate(now);
    if (!this.current.set(key, request, response)) {
      this.rotate(now);
      this.current.set(key, request, response);
    }
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
