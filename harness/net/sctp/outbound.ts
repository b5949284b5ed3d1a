import type { DataChunk, SackChunk } from '../../protocol/sctp/index.ts';
import { ssnAdd, tsnAdd, tsnDiff, tsnGt, tsnLt, tsnLte } from '../../protocol/sctp/index.ts';

/** One DATA chunk the association has to deliver (RFC 9260 §6.1), from enqueue until cumulatively acked. */
export interface OutChunk extends Omit<DataChunk, 'type' | 'userData' | 'immediate'> {
  data: Buffer;
  sentAt: number;
  transmissions: number;
  /** Acked by a gap block (§6.2.1): not in flight, kept until the cumulative ack passes it. */
  gapAcked: boolean;
  inFlight: boolean;
  /** §7.2.4 miss indications. */
  misses: number;
  retransmit: boolean;
  fastRetransmitted: boolean;
}

export interface SackOutcome {
  /** The SACK was older than one already processed (§6.2.1 D i) and was ignored. */
  stale: boolean;
  cumulativeAdvanced: boolean;
  /** An RTT measurement (ms) from a chunk sent once (§6.3.1 C5), when this SACK completed one. */
  rtt?: number;
  /** Chunks were marked for fast retransmit (§7.2.4). */
  fastRetransmit: boolean;
}

/**
 * The sending half of an association: TSN and SSN assignment, fragmentation (§6.9), the
 * retransmission queue, the peer's receive window (§6.2.1), and congestion control (§7.2:
 * slow start, congestion avoidance, fast retransmit and fast recovery, the T3-rtx reaction).
 */
export class Outbound {
  /** TSN of the next new chunk. */
  nextTsn: number;
  /** The peer's Cumulative TSN Ack: everything up to it is acknowledged. */
  cumulativeAck: number;
  private readonly q: OutChunk[] = [];
  private head = 0;
  /** Index in q of the first chunk never sent. */
  private unsent = 0;
  private readonly ssn: Uint16Array;
  /** Chunks marked for retransmission and not yet resent. */
  retransmitCount = 0;
  flightSize = 0;
  peerRwnd: number;
  cwnd: number;
  ssthresh: number;
  private partialBytesAcked = 0;
  fastRecovery = false;
  private recoverTsn = 0;
  private rttTsn: number | undefined;
  /** Octets queued and never sent. */
  queuedBytes = 0;
  /** The same as DATA chunks (16-octet header, padded data): how much of a packet they would fill. */
  queuedChunkBytes = 0;

  constructor(
    initialTsn: number,
    outboundStreams: number,
    peerArwnd: number,
    /** Path MTU less IP, UDP and common headers: the largest SCTP chunk bundle. */
    private readonly mtu: number,
  ) {
    this.nextTsn = initialTsn;
    this.cumulativeAck = tsnAdd(initialTsn, -1);
    this.ssn = new Uint16Array(outboundStreams);
    this.peerRwnd = peerArwnd;
    // §7.2.1: initial cwnd = min(4*MTU, max(2*MTU, 4380)); ssthresh = the peer's a_rwnd.
    this.cwnd = Math.min(4 * mtu, Math.max(2 * mtu, 4380));
    this.ssthresh = peerArwnd;
  }

  get streamCount(): number {
    return this.ssn.length;
  }

  /** Nothing queued, nothing outstanding. */
  get idle(): boolean {
    return this.head === this.q.length;
  }

  /** Chunks sent and not yet cumulatively acked. */
  get outstanding(): number {
    return this.unsent - this.head;
  }

  get hasUnsent(): boolean {
    return this.unsent < this.q.length;
  }

  /** §6.9: splits the message into chunks of at most `maxFragment` octets with consecutive TSNs. */
  enqueue(streamId: number, ppid: number, payload: Buffer, unordered: boolean, maxFragment: number): void {
    const ssn = unordered ? 0 : this.ssn[streamId];
    if (!unordered) this.ssn[streamId] = ssnAdd(ssn, 1);
    const n = Math.max(1, Math.ceil(payload.length / maxFragment));
    for (let i = 0; i < n; i++) {
      const data =
        n === 1 ? payload : payload.subarray(i * maxFragment, Math.min(payload.length, (i + 1) * maxFragment));
      this.q.push({
        tsn: this.nextTsn,
        streamId,
        ssn,
        ppid,
        unordered,
        beginning: i === 0,
        ending: i === n - 1,
        data,
        sentAt: 0,
        transmissions: 0,
        gapAcked: false,
        inFlight: false,
        misses: 0,
        retransmit: false,
        fastRetransmitted: false,
      });
      this.nextTsn = tsnAdd(this.nextTsn, 1);
      this.queuedBytes += data.length;
      this.queuedChunkBytes += 16 + ((data.length + 3) & ~3);
    }
  }

  /**
   * Chunks to send now, at most `budget` octets of chunk (16-octet header and padded data each):
   * retransmissions first (lowest TSN first), then new data, within cwnd and the peer's window
   * (§6.1 rules A and B). `ignoreCwnd` sends one packet of retransmissions regardless (§7.2.4
   * step 3, fast retransmit).
   */
  take(budget: number, now: number, ignoreCwnd: boolean): OutChunk[] {
    const out: OutChunk[] = [];
    let used = 0;
    if (this.retransmitCount > 0) {
      for (let i = this.head; i < this.unsent && this.retransmitCount > 0; i++) {
        const c = this.q[i];
        if (!c.retransmit) continue;
        const size = 16 + ((c.data.length + 3) & ~3);
        if (used + size > budget) return out;
        if (!ignoreCwnd && this.flightSize > 0 && this.flightSize + c.data.length > this.cwnd) return out;
        c.retransmit = false;
        this.retransmitCount--;
        if (this.rttTsn === c.tsn) this.rttTsn = undefined;
        this.send(c, now);
        out.push(c);
        used += size;
      }
      if (ignoreCwnd) return out;
    }
    while (this.unsent < this.q.length) {
      const c = this.q[this.unsent];
      const size = 16 + ((c.data.length + 3) & ~3);
      if (used + size > budget) break;
      // §6.1 A: no new data beyond the peer's window, unless nothing is in flight (a window probe).
      if (this.flightSize > 0 && c.data.length > this.peerRwnd) break;
      // §6.1 B: no more than cwnd in flight.
      if (this.flightSize > 0 && this.flightSize + c.data.length > this.cwnd) break;
      this.unsent++;
      this.queuedBytes -= c.data.length;
      this.queuedChunkBytes -= size;
      if (this.rttTsn === undefined) this.rttTsn = c.tsn;
      this.send(c, now);
      out.push(c);
      used += size;
    }
    return out;
  }

  private send(c: OutChunk, now: number): void {
    c.sentAt = now;
    c.transmissions++;
    c.inFlight = true;
    this.flightSize += c.data.length;
    this.peerRwnd = Math.max(0, this.peerRwnd - c.data.length);
  }

  /** §6.2.1 and §7.2: processes a SACK. */
  onSack(s: SackChunk, now: number): SackOutcome {
    const cum = s.cumulativeTsnAck;
    const outcome: SackOutcome = { stale: false, cumulativeAdvanced: false, fastRetransmit: false };
    const lastSent = this.unsent > this.head ? this.q[this.unsent - 1].tsn : this.cumulativeAck;
    if (tsnLt(cum, this.cumulativeAck) || tsnGt(cum, lastSent)) {
      outcome.stale = true;
      return outcome;
    }
    const flightBefore = this.flightSize;
    let bytesAcked = 0;
    let highestNewlyAcked: number | undefined;
    const q = this.q;
    while (this.head < this.unsent && tsnLte(q[this.head].tsn, cum)) {
      const c = q[this.head++];
      if (!c.gapAcked) bytesAcked += c.data.length;
      if (c.inFlight) this.flightSize -= c.data.length;
      if (c.retransmit) this.retransmitCount--;
      if (c.tsn === this.rttTsn) {
        if (c.transmissions === 1) outcome.rtt = now - c.sentAt;
        this.rttTsn = undefined;
      }
      highestNewlyAcked = c.tsn;
    }
    if (cum !== this.cumulativeAck) outcome.cumulativeAdvanced = true;
    this.cumulativeAck = cum;
    // Gap ack blocks: offsets from cum, both ends included.
    const blocks = s.gapBlocks;
    let b = 0;
    for (let i = this.head; i < this.unsent; i++) {
      const c = q[i];
      const off = tsnDiff(c.tsn, cum);
      while (b < blocks.length && blocks[b].end < off) b++;
      const acked = b < blocks.length && blocks[b].start <= off && off <= blocks[b].end;
      if (acked) {
        if (!c.gapAcked) {
          c.gapAcked = true;
          bytesAcked += c.data.length;
          highestNewlyAcked = c.tsn;
          if (c.inFlight) {
            c.inFlight = false;
            this.flightSize -= c.data.length;
          }
          if (c.retransmit) {
            c.retransmit = false;
            this.retransmitCount--;
          }
        }
      } else if (c.gapAcked) {
        // §6.2.1: the receiver reneged; the chunk needs sending again.
        c.gapAcked = false;
        c.retransmit = true;
        this.retransmitCount++;
      }
    }
    // §7.2.4 miss indications, for TSNs below the highest newly acknowledged one (HTNA).
    if (highestNewlyAcked !== undefined) {
      for (let i = this.head; i < this.unsent; i++) {
        const c = q[i];
        if (!tsnLt(c.tsn, highestNewlyAcked)) break;
        if (c.gapAcked || c.retransmit || !c.inFlight) continue;
        if (this.fastRecovery && !outcome.cumulativeAdvanced) continue;
        if (++c.misses >= 3 && !c.fastRetransmitted) {
          c.fastRetransmitted = true;
          c.retransmit = true;
          this.retransmitCount++;
          c.inFlight = false;
          this.flightSize -= c.data.length;
          if (this.rttTsn === c.tsn) this.rttTsn = undefined;
          outcome.fastRetransmit = true;
        }
      }
    }
    if (this.fastRecovery && tsnLte(this.recoverTsn, cum)) this.fastRecovery = false;
    if (outcome.fastRetransmit && !this.fastRecovery) {
      // §7.2.4 step 2 and §7.2.3.
      this.fastRecovery = true;
      this.recoverTsn = tsnAdd(this.nextTsn, -1);
      this.ssthresh = Math.max(this.cwnd / 2, 4 * this.mtu);
      this.cwnd = this.ssthresh;
      this.partialBytesAcked = 0;
    } else if (outcome.cumulativeAdvanced && !this.fastRecovery && flightBefore + this.mtu >= this.cwnd) {
      if (this.cwnd <= this.ssthresh) this.cwnd += Math.min(bytesAcked, this.mtu);
      else {
        this.partialBytesAcked += bytesAcked;
        if (this.partialBytesAcked >= this.cwnd) {
          this.partialBytesAcked -= this.cwnd;
          this.cwnd += this.mtu;
        }
      }
    }
    if (this.flightSize === 0) this.partialBytesAcked = 0;
    // §6.2.1 C: the peer's window less what is still in flight.
    this.peerRwnd = Math.max(0, s.arwnd - this.flightSize);
    this.compact();
    return outcome;
  }

  /** §9.2: a SHUTDOWN's Cumulative TSN Ack acknowledges like a SACK without gap blocks. */
  onCumulativeAck(cum: number, now: number): SackOutcome {
    return this.onSack(
      { type: 'sack', cumulativeTsnAck: cum, arwnd: this.peerRwnd + this.flightSize, gapBlocks: [], duplicateTsns: [] },
      now,
    );
  }

  /** §6.3.3 E1/E3 and §7.2.3: the T3-rtx timer expired. */
  onT3Expiry(): void {
    this.ssthresh = Math.max(this.cwnd / 2, 4 * this.mtu);
    this.cwnd = this.mtu;
    this.partialBytesAcked = 0;
    this.fastRecovery = false;
    this.rttTsn = undefined;
    for (let i = this.head; i < this.unsent; i++) {
      const c = this.q[i];
      if (c.gapAcked) continue;
      if (c.inFlight) {
        c.inFlight = false;
        this.flightSize -= c.data.length;
      }
      if (!c.retransmit) {
        c.retransmit = true;
        this.retransmitCount++;
      }
    }
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.q.length) {
      this.q.splice(0, this.head);
      this.unsent -= this.head;
      this.head = 0;
    }
  }
}
