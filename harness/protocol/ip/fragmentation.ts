import { DecodeError, EncodeError } from '../common/decode-error.ts';

/**
 * IPv6 fragmentation and reassembly (RFC 8200 §4.5). The unfragmentable part is the IPv6 header
 * plus the Hop-by-Hop, Routing and any Destination Options header before Routing; the rest is cut
 * into fragments whose data are multiples of 8 octets. The reassembler drops a datagram with
 * overlapping fragments whole (RFC 5722), processes atomic fragments on their own (RFC 6946 /
 * RFC 8021), times out after 60 s (RFC 8200 §4.5) and bounds its memory.
 */
const HBH = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const DSTOPT = 60;

/** Offset just past the unfragmentable part, and the offset of the next-header octet that points past it. */
function unfragmentable(pkt: Buffer): { end: number; nextAt: number } {
  let next = pkt[6];
  let off = 40;
  let end = 40;
  let endNextAt = 6;
  while (next === HBH || next === ROUTING || next === DSTOPT) {
    if (off + 2 > pkt.length) throw new DecodeError('ipv6', 'extension header', off, 'truncated');
    const len = (pkt[off + 1] + 1) * 8;
    const thisNext = pkt[off];
    if (next !== DSTOPT || thisNext === ROUTING) {
      end = off + len;
      endNextAt = off;
    } else if (next === DSTOPT) {
      // A Destination Options header not followed by Routing belongs to the fragmentable part.
      break;
    }
    next = thisNext;
    off += len;
  }
  return { end, nextAt: endNextAt };
}

/** Splits an encoded IPv6 packet into fragments that fit `mtu` (≥ 1280, RFC 8200 §5). */
export function fragmentIpv6(pkt: Buffer, mtu: number, identification: number): Buffer[] {
  if (mtu < 1280) throw new EncodeError('ipv6', 'MTU', `${mtu} is below the IPv6 minimum of 1280 (RFC 8200 §5)`);
  if (pkt.length <= mtu) return [pkt];
  const { end, nextAt } = unfragmentable(pkt);
  const originalNext = pkt[nextAt];
  const chunk = Math.floor((mtu - end - 8) / 8) * 8;
  if (chunk <= 0) throw new EncodeError('ipv6', 'fragment', 'unfragmentable part leaves no room for data');
  const out: Buffer[] = [];
  for (let off = end; off < pkt.length; off += chunk) {
    const data = pkt.subarray(off, Math.min(off + chunk, pkt.length));
    const frag = Buffer.alloc(end + 8 + data.length);
    pkt.copy(frag, 0, 0, end);
    frag[nextAt] = FRAGMENT;
    frag.writeUInt16BE(frag.length - 40, 4);
    const more = off + chunk < pkt.length;
    frag[end] = originalNext;
    frag[end + 1] = 0;
    frag.writeUInt16BE((((off - end) / 8) << 3) | (more ? 1 : 0), end + 2);
    frag.writeUInt32BE(identification >>> 0, end + 4);
    data.copy(frag, end + 8);
    out.push(frag);
  }
  return out;
}

export type ReassemblyResult =
  | { kind: 'not-a-fragment'; packet: Buffer }
  | { kind: 'complete'; packet: Buffer; fragments: number }
  | { kind: 'pending' }
  | {
      kind: 'dropped';
      reason: 'overlap' | 'timeout' | 'too-large' | 'too-many-datagrams' | 'inconsistent-length' | 'invalid-length';
    };

interface Pending {
  firstSeen: number;
  unfragmentable?: Buffer;
  nextHeader?: number;
  total?: number;
  bytes: number;
  pieces: { offset: number; data: Buffer }[];
}

export interface ReassemblerOptions {
  timeoutMs?: number;
  maxDatagrams?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

export class Reassembler {
  private readonly pending = new Map<string, Pending>();
  private readonly timeoutMs: number;
  private readonly maxDatagrams: number;
  private readonly now: () => number;
  /** Datagrams dropped, by reason. */
  readonly drops = new Map<string, number>();

  constructor(opts: ReassemblerOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.maxDatagrams = opts.maxDatagrams ?? 1024;
    this.now = opts.now ?? Date.now;
  }

  get inProgress(): number {
    return this.pending.size;
  }

  /** Feeds one encoded IPv6 packet; returns the reassembled packet when its last piece arrives. */
  push(pkt: Buffer): ReassemblyResult {
    this.expire();
    if (pkt.length < 40 || pkt[0] >> 4 !== 6) throw new DecodeError('ipv6', 'header', 0, 'not an IPv6 packet');
    const { end, nextAt } = unfragmentable(pkt);
    const fragNext = pkt[nextAt];
    if (fragNext !== FRAGMENT) return { kind: 'not-a-fragment', packet: pkt };
    if (end + 8 > pkt.length) throw new DecodeError('ipv6', 'fragment', end, 'truncated Fragment header');
    const om = pkt.readUInt16BE(end + 2);
    const offset = (om >> 3) * 8;
    const more = (om & 1) === 1;
    const id = pkt.readUInt32BE(end + 4);
    const data = pkt.subarray(end + 8);
    const rebuild = (unfrag: Buffer, next: number, payload: Buffer, nextPos: number): Buffer => {
      const out = Buffer.alloc(unfrag.length + payload.length);
      unfrag.copy(out);
      out[nextPos] = next;
      out.writeUInt16BE(out.length - 40, 4);
      payload.copy(out, unfrag.length);
      return out;
    };
    if (offset === 0 && !more) {
      // RFC 6946: an atomic fragment is processed in isolation.
      return { kind: 'complete', packet: rebuild(pkt.subarray(0, end), pkt[end], data, nextAt), fragments: 1 };
    }
    if (more && data.length % 8 !== 0) return this.drop('invalid-length', undefined);
    const key = `${pkt.toString('hex', 8, 40)}/${id}`;
    let p = this.pending.get(key);
    if (!p) {
      if (this.pending.size >= this.maxDatagrams) return this.drop('too-many-datagrams', undefined);
      p = { firstSeen: this.now(), bytes: 0, pieces: [] };
      this.pending.set(key, p);
    }
    const lo = offset;
    const hi = offset + data.length;
    if (hi > 65535) return this.drop('too-large', key);
    for (const q of p.pieces) if (lo < q.offset + q.data.length && q.offset < hi) return this.drop('overlap', key);
    if (!more) {
      if (p.total !== undefined && p.total !== hi) return this.drop('inconsistent-length', key);
      p.total = hi;
    }
    if (p.total !== undefined && hi > p.total) return this.drop('inconsistent-length', key);
    if (offset === 0) {
      p.unfragmentable = Buffer.from(pkt.subarray(0, end));
      p.nextHeader = pkt[end];
    }
    p.pieces.push({ offset, data: Buffer.from(data) });
    p.bytes += data.length;
    if (p.total === undefined || p.unfragmentable === undefined || p.bytes !== p.total) return { kind: 'pending' };
    this.pending.delete(key);
    p.pieces.sort((a, b) => a.offset - b.offset);
    const payload = Buffer.concat(p.pieces.map((x) => x.data));
    return {
      kind: 'complete',
      packet: rebuild(p.unfragmentable, p.nextHeader!, payload, unfragmentable(p.unfragmentable).nextAt),
      fragments: p.pieces.length,
    };
  }

  private drop(
    reason: Extract<ReassemblyResult, { kind: 'dropped' }>['reason'],
    key: string | undefined,
  ): ReassemblyResult {
    if (key) this.pending.delete(key);
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
    return { kind: 'dropped', reason };
  }

  /** RFC 8200 §4.5: an incomplete datagram is discarded 60 s after its first fragment. */
  expire(): void {
    const t = this.now();
    for (const [key, p] of this.pending) {
      if (t - p.firstSeen >= this.timeoutMs) {
        this.pending.delete(key);
        this.drops.set('timeout', (this.drops.get('timeout') ?? 0) + 1);
      }
    }
  }
}
