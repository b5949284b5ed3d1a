import { isUtf8 } from 'node:buffer';
import type { PerCodec } from './codec.ts';
import type { PerReader, PerWriter } from './per-cursor.ts';
import { readConstrained, readFragmented, writeConstrained, writeFragmented } from './whole-number.ts';

/** A SIZE constraint: `ub` undefined is unbounded; `ext` is the extension marker `SIZE(lb..ub, ...)`. */
export interface Size {
  lb: number;
  ub?: number;
  ext?: boolean;
}

/** A BIT STRING value: `length` bits, left-aligned in `data` (trailing bits of the last octet zero). */
export interface BitString {
  data: Buffer;
  length: number;
}

const SIXTY_FOUR_K = 65536;

/**
 * The size part shared by BIT STRING (§16), OCTET STRING (§17) and known-multiplier character
 * strings (§30) in the aligned variant: the extension bit; no length for a fixed size (content
 * unaligned up to 16 bits, aligned up to 64K); a constrained length below 64K; otherwise an
 * unconstrained, fragmented length. `put(from, n)` writes units from..from+n.
 */
function writeSized(
  w: PerWriter,
  n: number,
  size: Size,
  unitBits: number,
  name: string,
  put: (from: number, count: number) => void,
): void {
  const { lb, ub, ext } = size;
  const inRoot = n >= lb && (ub === undefined || n <= ub);
  if (ext) w.bit(!inRoot);
  else if (!inRoot) w.fail(name, `size ${n} is not in ${lb}..${ub ?? 'MAX'}`);
  if (inRoot && ub !== undefined && ub < SIXTY_FOUR_K) {
    if (lb === ub) {
      if (n * unitBits > 16) w.align();
    } else {
      writeConstrained(w, n, lb, ub, name);
      if (n > 0) w.align();
    }
    if (n > 0) put(0, n);
    return;
  }
  writeFragmented(w, n, put);
}

function readSized(r: PerReader, size: Size, unitBits: number, get: (count: number) => void): number {
  const { lb, ub, ext } = size;
  const outside = ext ? r.bit() : false;
  if (!outside && ub !== undefined && ub < SIXTY_FOUR_K) {
    let n: number;
    if (lb === ub) {
      n = lb;
      if (n * unitBits > 16) r.align();
    } else {
      n = readConstrained(r, lb, ub);
      if (n > 0) r.align();
    }
    if (n > 0) get(n);
    return n;
  }
  const n = readFragmented(r, get, Math.floor(r.remaining / unitBits) + 16384);
  if (!outside && (n < lb || (ub !== undefined && n > ub))) r.fail(`size ${n} is not in ${lb}..${ub ?? 'MAX'}`);
  return n;
}

function joined(parts: Buffer[]): Buffer {
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** X.691 §16 BIT STRING (SIZE(...)) as `{ data, length }`. */
export function bitString(name: string, size: Size): PerCodec<BitString> {
  return {
    name,
    encode(w, v) {
      if (v.data.length * 8 < v.length) w.fail(name, `${v.length} bits do not fit ${v.data.length} octets`);
      writeSized(w, v.length, size, 1, name, (from, n) => w.bitsFrom(v.data.subarray(from >> 3), n));
    },
    decode(r) {
      const parts: Buffer[] = [];
      const length = readSized(r, size, 1, (n) => parts.push(r.bitsTo(n)));
      return { data: parts.length ? joined(parts) : Buffer.alloc(0), length };
    },
  };
}

/**
 * A fixed-size BIT STRING (SIZE(bits)) or OCTET STRING (SIZE(bits/8)) of at most 53 bits as a
 * number: unaligned up to 16 bits, aligned above (§16.9-16.10, §17.6-17.7). With `ext` (SIZE(n,
 * ...)) the extension bit comes first; a size outside the root is a DecodeError here.
 */
function fixedNumber(name: string, bits: number, ext: boolean): PerCodec<number> {
  return {
    name,
    encode(w, v) {
      if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) w.fail(name, `${v} is not a ${bits}-bit value`);
      if (ext) w.bit(false);
      if (bits > 16) w.align();
      w.bits(v, bits);
    },
    decode(r) {
      if (ext && r.bit()) r.fail(`${name}: a size outside SIZE(${bits}) is not supported`);
      if (bits > 16) r.align();
      return r.bits(bits);
    },
  };
}

/** BIT STRING (SIZE(bits)) as a number (AMF Set ID, NR Cell Identity). */
export function bitStringNumber(name: string, bits: number, ext = false): PerCodec<number> {
  return fixedNumber(name, bits, ext);
}

/** X.691 §17 OCTET STRING (SIZE(...)); `size` undefined is unconstrained (NAS-PDU). */
export function octetString(name: string, size: Size = { lb: 0 }): PerCodec<Buffer> {
  return {
    name,
    encode(w, v) {
      writeSized(w, v.length, size, 8, name, (from, n) => w.octets(v.subarray(from, from + n)));
    },
    decode(r) {
      const parts: Buffer[] = [];
      readSized(r, size, 8, (n) => parts.push(r.octets(n)));
      return parts.length ? joined(parts) : Buffer.alloc(0);
    },
  };
}

/** OCTET STRING (SIZE(octets)), octets ≤ 6, as a big-endian number (TAC, GTP-TEID). */
export function octetsNumber(name: string, octets: number): PerCodec<number> {
  return fixedNumber(name, octets * 8, false);
}

/**
 * X.691 §30 known-multiplier character strings of the aligned variant with 8-bit characters
 * (PrintableString, VisibleString, IA5String: b = 7 rounds up to B = 8, and each character is
 * its own code, §30.5.4). Any Latin-1 text round-trips: the decoder does not police the
 * alphabet, so a peer's out-of-alphabet character is reported by a check, not lost.
 */
export function knownMultiplierString(name: string, size: Size = { lb: 0 }): PerCodec<string> {
  return {
    name,
    encode(w, v) {
      for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) > 0xff) w.fail(name, `"${v}" is not 8-bit text`);
      const b = Buffer.from(v, 'latin1');
      writeSized(w, b.length, size, 8, name, (from, n) => w.octets(b.subarray(from, from + n)));
    },
    decode(r) {
      const parts: Buffer[] = [];
      readSized(r, size, 8, (n) => parts.push(r.octets(n)));
      return parts.length ? joined(parts).toString('latin1') : '';
    },
  };
}

/**
 * UTF8String (§30.6 not-known-multiplier: size constraints are not PER-visible): octets after an
 * unconstrained length. Invalid UTF-8 is a DecodeError, never replaced.
 */
export function utf8String(name: string): PerCodec<string> {
  const octets = octetString(name);
  return {
    name,
    encode: (w, v) => octets.encode(w, Buffer.from(v, 'utf8')),
    decode(r) {
      const b = octets.decode(r);
      if (!isUtf8(b)) r.fail(`${name} is not valid UTF-8`);
      return b.toString('utf8');
    },
  };
}
