import type { DataChunk, SackChunk } from '../../protocol/sctp/index.ts';
import { ssnAdd, tsnAdd, tsnDiff, tsnGt, tsnLte } from '../../protocol/sctp/index.ts';

/** One user message as delivered to the upper layer (RFC 9260 §10.1 RECEIVE). */
export interface SctpMessage {
  streamId: number;
  ppid: number;
  payload: Buffer;
  unordered: boolean;
}

/** What `receive` did with a DATA chunk, for the SACK rules of §6.2 and §6.7. */
export type DataVerdict = 'new' | 'duplicate' | 'dropped' | 'invalid-stream';

/**
 * The receiving half of an association (RFC 9260 §6.2, §6.5, §6.6, §6.9): the peer's
 * Cumulative TSN, the TSNs received beyond it (the gap ack blocks of the next SACK), duplicates,
 * reassembly of fragmented messages (§6.9: consecutive TSNs from B to E), and delivery in
 * stream-sequence order per stream (§6.5), unordered messages at once (§6.6).
 */
export class Inbound {
  /** The Cumulative TSN Ack point: every TSN up to it has been received. */
  cumulativeTsn: number;
  /** TSNs received beyond the cumulative point, ascending (serial order). */
  private readonly beyond: number[] = [];
  private duplicates: number[] = [];
  /** Fragments awaiting the rest of their message, by TSN. */
  private readonly fragments = new Map<number, DataChunk>();
  /** Per inbound stream: the next SSN to deliver and complete messages waiting for it. */
  private readonly streams: { next: number; waiting: Map<number, SctpMessage> }[];
  /** Octets held (fragments and out-of-order messages): they take from a_rwnd (§6.2). */
  private held = 0;

  constructor(
    peerInitialTsn: number,
    inboundStreams: number,
    private readonly bufferSize: number,
    private readonly deliver: (m: SctpMessage) => void,
  ) {
    this.cumulativeTsn = tsnAdd(peerInitialTsn, -1);
    this.streams = Array.from({ length: inboundStreams }, () => ({ next: 0, waiting: new Map() }));
  }

  get streamCount(): number {
    return this.streams.length;
  }

  /** Whether TSNs beyond the cumulative point are missing (a SACK would carry gap blocks). */
  get hasGaps(): boolean {
    return this.beyond.length > 0;
  }

  /** The a_rwnd to advertise (§6.2). */
  get arwnd(): number {
    return Math.max(0, this.bufferSize - this.held);
  }

  receive(c: DataChunk): DataVerdict {
    const tsn = c.tsn;
    if (tsnLte(tsn, this.cumulativeTsn) || this.has(tsn)) {
      if (this.duplicates.length < 64) this.duplicates.push(tsn);
      return 'duplicate';
    }
    // Gap ack block offsets are 16 bits (§3.3.4); a chunk beyond them, or beyond the window, is dropped.
    const offset = tsnDiff(tsn, this.cumulativeTsn);
    if (offset > 0xffff || (offset > 1 && this.held + c.userData.length > this.bufferSize)) return 'dropped';
    this.mark(tsn);
    if (c.streamId >= this.streams.length) return 'invalid-stream';
    if (c.beginning && c.ending)
      this.complete({ streamId: c.streamId, ppid: c.ppid, payload: c.userData, unordered: c.unordered }, c.ssn);
    else {
      this.fragments.set(tsn, c);
      this.held += c.userData.length;
      this.reassemble(tsn);
    }
    return 'new';
  }

  /** The SACK for what has been received (§3.3.4, §6.2); duplicates are reported once. */
  sack(): SackChunk {
    const gapBlocks: { start: number; end: number }[] = [];
    const b = this.beyond;
    for (let i = 0; i < b.length; ) {
      let j = i;
      while (j + 1 < b.length && b[j + 1] === tsnAdd(b[j], 1)) j++;
      gapBlocks.push({ start: tsnDiff(b[i], this.cumulativeTsn), end: tsnDiff(b[j], this.cumulativeTsn) });
      i = j + 1;
    }
    const duplicateTsns = this.duplicates;
    this.duplicates = [];
    return { type: 'sack', cumulativeTsnAck: this.cumulativeTsn, arwnd: this.arwnd, gapBlocks, duplicateTsns };
  }

  private has(tsn: number): boolean {
    const b = this.beyond;
    let lo = 0;
    let hi = b.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] === tsn) return true;
      if (tsnGt(tsn, b[mid])) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  private mark(tsn: number): void {
    if (tsn === tsnAdd(this.cumulativeTsn, 1)) {
      this.cumulativeTsn = tsn;
      const b = this.beyond;
      let k = 0;
      while (k < b.length && b[k] === tsnAdd(this.cumulativeTsn, 1)) this.cumulativeTsn = b[k++];
      if (k) b.splice(0, k);
      return;
    }
    const b = this.beyond;
    let i = b.length;
    while (i > 0 && tsnGt(b[i - 1], tsn)) i--;
    b.splice(i, 0, tsn);
  }

  /** §6.9: a message is complete when B, E and every TSN between them are here. */
  private reassemble(tsn: number): void {
    const f = this.fragments;
    const c = f.get(tsn)!;
    let first = tsn;
    while (!f.get(first)!.beginning) {
      const prev = tsnAdd(first, -1);
      const p = f.get(prev);
      if (!p || p.streamId !== c.streamId || p.unordered !== c.unordered || p.ending) return;
      first = prev;
    }
    let last = tsn;
    while (!f.get(last)!.ending) {
      const next = tsnAdd(last, 1);
      const n = f.get(next);
      if (!n || n.streamId !== c.streamId || n.unordered !== c.unordered || n.beginning) return;
      last = next;
    }
    const head = f.get(first)!;
    const parts: Buffer[] = [];
    for (let t = first; ; t = tsnAdd(t, 1)) {
      const p = f.get(t)!;
      parts.push(p.userData);
      this.held -= p.userData.length;
      f.delete(t);
      if (t === last) break;
    }
    this.complete(
      { streamId: head.streamId, ppid: head.ppid, payload: Buffer.concat(parts), unordered: head.unordered },
      head.ssn,
    );
  }

  private complete(m: SctpMessage, ssn: number): void {
    if (m.unordered) {
      this.deliver(m);
      return;
    }
    const s = this.streams[m.streamId];
    if (ssn !== s.next) {
      // Out of order: held until the SSNs before it arrive (§6.5). A stale SSN is dropped.
      if (((ssn - s.next) & 0xffff) < 0x8000 && !s.waiting.has(ssn)) {
        s.waiting.set(ssn, m);
        this.held += m.payload.length;
      }
      return;
    }
    this.deliver(m);
    s.next = ssnAdd(s.next, 1);
    for (let w = s.waiting.get(s.next); w; w = s.waiting.get(s.next)) {
      s.waiting.delete(s.next);
      this.held -= w.payload.length;
      this.deliver(w);
      s.next = ssnAdd(s.next, 1);
    }
  }
}
