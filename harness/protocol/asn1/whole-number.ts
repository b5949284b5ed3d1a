import type { PerReader, PerWriter } from './per-cursor.ts';

/**
 * ITU-T X.691 (aligned variant) whole numbers and length determinants, the building blocks of
 * every PER type. Values are JavaScript numbers: NGAP's largest (BitRate, 0..4·10^12) fits in
 * 53 bits, and a wider value on the wire is a DecodeError, never a rounded number.
 */

/** Bits needed to hold 0..max (max ≥ 0). */
export function bitsFor(max: number): number {
  if (max < 4294967296) return 32 - Math.clz32(max);
  return 64 - Math.clz32(Math.floor(max / 4294967296));
}

/** Octets needed to hold 0..max, at least one. */
export function octetsFor(max: number): number {
  return Math.max(1, Math.ceil(bitsFor(max) / 8));
}

/** Largest value decoded as a number (2^53 - 1). */
const MAX = Number.MAX_SAFE_INTEGER;

/**
 * §11.5.7 constrained whole number lb..ub (aligned): range 1 is empty; ≤255 a bit-field of
 * minimal width; 256 one aligned octet; ≤64K two aligned octets; larger ranges the
 * indefinite-length case (a length 1..octets-for-range as a bit-field, then aligned octets).
 */
export function writeConstrained(w: PerWriter, v: number, lb: number, ub: number, element: string): void {
  if (!Number.isInteger(v) || v < lb || v > ub) w.fail(element, `${v} is not an integer in ${lb}..${ub}`);
  const range = ub - lb + 1;
  const d = v - lb;
  if (range === 1) return;
  if (range <= 255) return w.bits(d, bitsFor(range - 1));
  if (range === 256) {
    w.align();
    return w.bits(d, 8);
  }
  if (range <= 65536) {
    w.align();
    return w.bits(d, 16);
  }
  const n = octetsFor(d);
  w.bits(n - 1, bitsFor(octetsFor(range - 1) - 1));
  w.align();
  w.bits(d, 8 * n);
}

export function readConstrained(r: PerReader, lb: number, ub: number): number {
  const range = ub - lb + 1;
  if (range === 1) return lb;
  let d: number;
  if (range <= 255) d = r.bits(bitsFor(range - 1));
  else if (range === 256) {
    r.align();
    d = r.bits(8);
  } else if (range <= 65536) {
    r.align();
    d = r.bits(16);
  } else {
    const n = r.bits(bitsFor(octetsFor(range - 1) - 1)) + 1;
    r.align();
    d = r.bits(8 * n);
  }
  if (d > ub - lb) r.fail(`${lb + d} is above the upper bound ${ub}`);
  return lb + d;
}

/**
 * §11.9.3.5-8 unconstrained length determinant, aligned: one octet below 128, two (10xxxxxx)
 * below 16K, else one fragment of 16K·m units (11000mmm, m 1..4). Returns how many units the
 * caller writes now; the caller writes another length after a fragment (`n ≥ 16384`), ending
 * with a length below 16K (possibly 0).
 */
export function writeLengthChunk(w: PerWriter, remaining: number): number {
  w.align();
  if (remaining < 128) {
    w.bits(remaining, 8);
    return remaining;
  }
  if (remaining < 16384) {
    w.bits(0x8000 | remaining, 16);
    return remaining;
  }
  const m = Math.min(4, Math.floor(remaining / 16384));
  w.bits(0xc0 | m, 8);
  return m * 16384;
}

/** Reads one length (or fragment) determinant; a result ≥ 16384 is a fragment: more follow. */
export function readLengthChunk(r: PerReader): number {
  r.align();
  const first = r.bits(8);
  if ((first & 0x80) === 0) return first;
  if ((first & 0x40) === 0) return ((first & 0x3f) << 8) | r.bits(8);
  const m = first & 0x3f;
  if (m < 1 || m > 4) r.fail(`fragment length multiplier ${m} is not 1..4`);
  return m * 16384;
}

/** Writes `count` units with unconstrained (possibly fragmented) lengths; `unit(from, n)` writes n of them. */
export function writeFragmented(w: PerWriter, count: number, units: (from: number, n: number) => void): void {
  let done = 0;
  for (;;) {
    const n = writeLengthChunk(w, count - done);
    if (n) units(done, n);
    done += n;
    if (n < 16384) return;
  }
}

/** Reads units under unconstrained (possibly fragmented) lengths; returns the total count. */
export function readFragmented(r: PerReader, units: (n: number) => void, max = MAX): number {
  let total = 0;
  for (;;) {
    const n = readLengthChunk(r);
    total += n;
    if (total > max) r.fail(`length ${total} is above ${max}`);
    if (n) units(n);
    if (n < 16384) return total;
  }
}

/** §11.9.4.1 length with ub < 64K: a constrained whole number lb..ub. */
export function writeLength(w: PerWriter, n: number, lb: number, ub: number, element: string): void {
  if (ub < 65536) writeConstrained(w, n, lb, ub, element);
  else writeLengthChunk(w, n);
}

/** §11.6 normally small non-negative whole number: 0 + 6 bits below 64, else 1 + semi-constrained. */
export function writeNormallySmall(w: PerWriter, v: number, element: string): void {
  if (v < 64) return w.bits(v, 7);
  w.bits(1, 1);
  writeSemiConstrained(w, v, 0, element);
}

export function readNormallySmall(r: PerReader): number {
  if (!r.bit()) return r.bits(6);
  return readSemiConstrained(r, 0);
}

/** §11.7 semi-constrained whole number: (v - lb) in minimal octets after an unconstrained length. */
export function writeSemiConstrained(w: PerWriter, v: number, lb: number, element: string): void {
  if (!Number.isSafeInteger(v) || v < lb || v - lb >= 2 ** 48)
    w.fail(element, `${v} is not an integer in ${lb}..${lb}+2^48-1`);
  const d = v - lb;
  const n = octetsFor(d);
  writeLengthChunk(w, n);
  w.bits(d, 8 * n);
}

export function readSemiConstrained(r: PerReader, lb: number): number {
  const n = readLengthChunk(r);
  if (n === 0 || n > 6) r.fail(`${n}-octet integer is not supported (1..6 octets)`);
  return lb + r.bits(8 * n);
}

/** §11.8 unconstrained whole number: two's complement in minimal octets after an unconstrained length. */
export function writeUnconstrained(w: PerWriter, v: number, element: string): void {
  if (!Number.isSafeInteger(v) || v < -(2 ** 47) || v >= 2 ** 47) w.fail(element, `${v} is not an integer of 6 octets`);
  let n = 1;
  while (v < -(2 ** (8 * n - 1)) || v >= 2 ** (8 * n - 1)) n++;
  writeLengthChunk(w, n);
  w.bits(v < 0 ? 2 ** (8 * n) + v : v, 8 * n);
}

export function readUnconstrained(r: PerReader): number {
  const n = readLengthChunk(r);
  if (n === 0 || n > 6) r.fail(`${n}-octet integer is not supported (1..6 octets)`);
  const u = r.bits(8 * n);
  return u >= 2 ** (8 * n - 1) ? u - 2 ** (8 * n) : u;
}
