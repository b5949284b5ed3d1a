import { parseIpv6Into } from '../common/ip-bytes.ts';

/**
 * AAAA queries at a high rate without a DNS library on the hot path (RFC 1035 §4.1): one
 * template per zone, whose first label — a fixed-width hexadecimal query number — and ID are
 * written in place, so each query asks a different name (RFC 8219 §9: no answer from cache);
 * and an answer scan that says whether the answer is the one synthesized AAAA expected.
 */
export const QUERY_LABEL_LENGTH = 12;
const LABEL_AT = 13; // header (12) + the label's length octet

/** A query for `<12 hex digits>.<zone>` AAAA IN with RD set; `write` fills in ID and number. */
export class AaaaQueryTemplate {
  readonly length: number;
  private readonly template: Buffer;

  constructor(zone: string) {
    const labels = zone.replace(/\.$/, '').split('.');
    const qname = Buffer.concat([
      Buffer.from([QUERY_LABEL_LENGTH]),
      Buffer.alloc(QUERY_LABEL_LENGTH, 0x30),
      ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])),
      Buffer.from([0]),
    ]);
    const header = Buffer.from([0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
    this.template = Buffer.concat([header, qname, Buffer.from([0, 28, 0, 1])]);
    this.length = this.template.length;
  }

  /** Writes the query with `id` asking name number `n` (0 … 2^48-1) into `out` at 0. */
  write(out: Buffer, id: number, n: number): void {
    this.template.copy(out, 0);
    out[0] = id >> 8;
    out[1] = id & 0xff;
    let v = n;
    for (let i = LABEL_AT + QUERY_LABEL_LENGTH - 1; i >= LABEL_AT; i--) {
      const d = v % 16;
      out[i] = d < 10 ? 48 + d : 87 + d;
      v = Math.floor(v / 16);
    }
  }

  /** The name number `n` is asked as. */
  static label(n: number): string {
    return n.toString(16).padStart(QUERY_LABEL_LENGTH, '0');
  }
}

/** The query number written in an answer's question, or -1 when it is not one of ours. */
export function answeredQueryNumber(msg: Buffer): number {
  if (msg.length < LABEL_AT + QUERY_LABEL_LENGTH || msg[12] !== QUERY_LABEL_LENGTH) return -1;
  let n = 0;
  for (let i = LABEL_AT; i < LABEL_AT + QUERY_LABEL_LENGTH; i++) {
    const c = msg[i];
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

export type AaaaVerdict = 'synthesized' | 'no-aaaa' | 'other-aaaa' | 'not-a-response' | 'malformed' | `rcode-${number}`;

/** 16 octets of an IPv6 address, for `scanAaaaAnswer`. */
export function ipv6Octets(a: string): Buffer {
  const b = Buffer.alloc(16);
  if (!parseIpv6Into(a, b, 0)) throw new RangeError(`not an IPv6 address: ${a}`);
  return b;
}

/** Skips a (possibly compressed) domain name at `o` (RFC 1035 §4.1.4); -1 when it runs off the end. */
function skipName(m: Buffer, o: number): number {
  while (o < m.length) {
    const len = m[o];
    if (len === 0) return o + 1;
    if ((len & 0xc0) === 0xc0) return o + 2 <= m.length ? o + 2 : -1;
    o += 1 + len;
  }
  return -1;
}

/**
 * Whether an answer holds exactly the AAAA `expected` (RFC 1035 §4.1.1 header, §4.1.3 RRs): a
 * NOERROR response whose answer section has AAAA records, all equal to `expected`.
 */
export function scanAaaaAnswer(m: Buffer, expected: Buffer): AaaaVerdict {
  if (m.length < 12) return 'malformed';
  if ((m[2] & 0x80) === 0) return 'not-a-response';
  const rcode = m[3] & 0x0f;
  if (rcode !== 0) return `rcode-${rcode}`;
  const qd = m.readUInt16BE(4);
  const an = m.readUInt16BE(6);
  let o = 12;
  for (let i = 0; i < qd; i++) {
    o = skipName(m, o);
    if (o < 0 || o + 4 > m.length) return 'malformed';
    o += 4;
  }
  let aaaa = 0;
  let other = 0;
  for (let i = 0; i < an; i++) {
    o = skipName(m, o);
    if (o < 0 || o + 10 > m.length) return 'malformed';
    const type = m.readUInt16BE(o);
    const rdlen = m.readUInt16BE(o + 8);
    o += 10;
    if (o + rdlen > m.length) return 'malformed';
    if (type === 28) {
      if (rdlen === 16 && m.compare(expected, 0, 16, o, o + 16) === 0) aaaa++;
      else other++;
    }
    o += rdlen;
  }
  if (other > 0) return 'other-aaaa';
  return aaaa > 0 ? 'synthesized' : 'no-aaaa';
}
