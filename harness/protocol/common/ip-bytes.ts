import type { Reader, Writer } from './cursor.ts';
import { EncodeError } from './decode-error.ts';

/**
 * IPv4 (4 octets) and IPv6 (16 octets) addresses inside IEs and headers, as text in decoded
 * values. Hand-written because this is on every message's path (ip-address goes through BigInt
 * and is ~50x slower); text out is the RFC 5952 §4 canonical form, as ip-address's correctForm().
 */
export function writeIpv4(w: Writer, address: string, element: string): void {
  if (!parseIpv4Into(address, w.buf, w.offset))
    throw new EncodeError(w.protocol, element, `not an IPv4 address: ${address}`);
  w.offset += 4;
}

/**
 * Recently written IPv6 addresses as octets: elements and drivers send the same few addresses
 * over and over. Bounded: cleared when full.
 */
const V6_CACHE = new Map<string, Uint8Array>();
const V6_CACHE_MAX = 4096;

export function writeIpv6(w: Writer, address: string, element: string): void {
  if (w.offset + 16 > w.buf.length) throw new RangeError('write past the end of the buffer');
  const b = V6_CACHE.get(address);
  if (b) for (let i = 0; i < 16; i++) w.buf[w.offset + i] = b[i];
  else {
    if (!parseIpv6Into(address, w.buf, w.offset))
      throw new EncodeError(w.protocol, element, `not an IPv6 address: ${address}`);
    // Seen twice: one of the few addresses sent over and over (an element's own, a peer's). A UE's
    // address, different in every session, is parsed in place and never enters the cache.
    if (SEEN_ONCE.has(address)) {
      if (V6_CACHE.size >= V6_CACHE_MAX) V6_CACHE.clear();
      V6_CACHE.set(address, new Uint8Array(w.buf.subarray(w.offset, w.offset + 16)));
    } else {
      if (SEEN_ONCE.size >= V6_CACHE_MAX) SEEN_ONCE.clear();
      SEEN_ONCE.add(address);
    }
  }
  w.offset += 16;
}

/** Addresses written once since SEEN_ONCE was last cleared: the second time they are cached. */
const SEEN_ONCE = new Set<string>();

export function readIpv4(r: Reader): string {
  r.need(4);
  const b = r.buf;
  const o = r.offset;
  r.offset += 4;
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

export function readIpv6(r: Reader): string {
  r.need(16);
  const s = formatIpv6(r.buf, r.offset);
  r.offset += 16;
  return s;
}

/** Writes dotted-quad `s` at `off`; false if it is not one. */
export function parseIpv4Into(s: string, out: Uint8Array, off: number): boolean {
  let part = 0;
  let digits = 0;
  let n = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || n > 3) return false;
      out[off + n++] = part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return false;
    } else return false;
  }
  return n === 4;
}

/** The groups of the address being parsed (no array per parse: this runs for every address written). */
const GROUPS = new Uint16Array(9);
const TAIL = new Uint8Array(4);

/** Writes IPv6 text (RFC 4291 §2.2 forms, including a trailing dotted quad) at `off`; false if invalid. */
export function parseIpv6Into(s: string, out: Uint8Array, off: number): boolean {
  const groups = GROUPS;
  let n = 0;
  let gap = -1;
  let i = 0;
  if (s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    gap = 0;
    i = 2;
  }
  while (i < s.length) {
    if (n >= 8) return false;
    let j = i;
    let v = 0;
    while (j < s.length && j - i < 5) {
      const c = s.charCodeAt(j);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) break;
      v = v * 16 + d;
      j++;
    }
    if (j < s.length && s.charCodeAt(j) === 46) {
      // Embedded IPv4 in the last 32 bits.
      if (n > 6 || !parseIpv4Into(s.slice(i), TAIL, 0)) return false;
      groups[n++] = (TAIL[0] << 8) | TAIL[1];
      groups[n++] = (TAIL[2] << 8) | TAIL[3];
      i = s.length;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups[n++] = v;
    if (j === s.length) {
      i = j;
      break;
    }
    if (s.charCodeAt(j) !== 58) return false;
    if (s.charCodeAt(j + 1) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === s.length) return false;
    }
  }
  if (gap < 0 ? n !== 8 : n > 7) return false;
  const fill = 8 - n;
  let k = 0;
  for (let g = 0; g < 8; g++) {
    const v = gap >= 0 && g >= gap && g < gap + fill ? 0 : groups[k++];
    out[off + 2 * g] = v >> 8;
    out[off + 2 * g + 1] = v & 0xff;
  }
  return true;
}

/** Hex text of every 16-bit group value, built on first use (RFC 5952: lowercase, no leading zeros). */
let GROUP_TEXT: string[] | undefined;

function groupText(): string[] {
  if (!GROUP_TEXT) {
    GROUP_TEXT = new Array<string>(65536);
    for (let i = 0; i < 65536; i++) GROUP_TEXT[i] = i.toString(16);
  }
  return GROUP_TEXT;
}

/** RFC 5952 §4: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(b: Uint8Array, off = 0): string {
  const text = groupText();
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let g = 0; g <= 8; g++) {
    const zero = g < 8 && b[off + 2 * g] === 0 && b[off + 2 * g + 1] === 0;
    if (zero && runStart < 0) runStart = g;
    else if (!zero && runStart >= 0) {
      if (g - runStart > bestLen) {
        bestStart = runStart;
        bestLen = g - runStart;
      }
      runStart = -1;
    }
  }
  let s = '';
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      s += g === 0 ? '::' : ':';
      g += bestLen - 1;
      continue;
    }
    s += text[(b[off + 2 * g] << 8) | b[off + 2 * g + 1]];
    if (g < 7) s += ':';
  }
  return s;
}

/** An IPv4 or IPv6 address as its 4 or 16 octets (a new buffer). */
export function addressBytes(address: string): Buffer {
  const v4 = Buffer.alloc(4);
  if (parseIpv4Into(address, v4, 0)) return v4;
  const v6 = Buffer.alloc(16);
  if (parseIpv6Into(address, v6, 0)) return v6;
  throw new EncodeError('ip', 'address', `not an IP address: ${address}`);
}

/** 4 octets as a dotted quad, 16 as RFC 5952 text. */
export function addressString(bytes: Uint8Array): string {
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  return formatIpv6(bytes, 0);
}
