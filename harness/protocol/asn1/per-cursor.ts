import { DecodeError, EncodeError } from '../common/decode-error.ts';

const EMPTY: Buffer = Object.freeze(Buffer.alloc(0)) as Buffer;
const TWO32 = 2 ** 32;

/**
 * A bit-level write cursor for ITU-T X.691 aligned PER over one growable, zero-filled buffer:
 * fields are OR-ed in at the bit position, `align()` skips to the next octet (the padding bits
 * stay zero, §10.1.3). Reusable: `reset()` clears what was written.
 */
export class PerWriter {
  buf: Buffer;
  /** Position in bits from the start of `buf`. */
  pos = 0;

  constructor(
    readonly protocol = 'APER',
    size = 512,
  ) {
    this.buf = Buffer.alloc(size);
  }

  /** Clears the written octets so the buffer can be written again. */
  reset(): void {
    this.buf.fill(0, 0, Math.min(this.buf.length, (this.pos + 7) >> 3));
    this.pos = 0;
  }

  fail(element: string, reason: string): never {
    throw new EncodeError(this.protocol, element, reason);
  }

  /** Room for `n` more bits. */
  ensure(n: number): void {
    const need = (this.pos + n + 7) >> 3;
    if (need <= this.buf.length) return;
    const grown = Buffer.alloc(Math.max(need, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, (this.pos + 7) >> 3);
    this.buf = grown;
  }

  /** The `n` low bits of `v` (0 ≤ v < 2^n, n ≤ 53), most significant first. */
  bits(v: number, n: number): void {
    if (n === 0) return;
    if (n > 32) {
      this.bits(Math.floor(v / TWO32), n - 32);
      this.bits(v % TWO32, 32);
      return;
    }
    this.ensure(n);
    const b = this.buf;
    let pos = this.pos;
    let left = n;
    while (left > 0) {
      const room = 8 - (pos & 7);
      const k = Math.min(left, room);
      const chunk = (v >>> (left - k)) & ((1 << k) - 1);
      b[pos >> 3] |= chunk << (room - k);
      pos += k;
      left -= k;
    }
    this.pos = pos;
  }

  bit(on: boolean): void {
    this.bits(on ? 1 : 0, 1);
  }

  /** §10.1.3 octet alignment: padding bits are zero. */
  align(): void {
    this.pos = (this.pos + 7) & ~7;
  }

  /** Whole octets at the current position (aligned or not). */
  octets(data: Uint8Array): void {
    const n = data.length;
    if ((this.pos & 7) === 0) {
      this.ensure(n * 8);
      const at = this.pos >> 3;
      if (n <= 16) for (let i = 0; i < n; i++) this.buf[at + i] = data[i];
      else this.buf.set(data, at);
      this.pos += n * 8;
      return;
    }
    for (let i = 0; i < n; i++) this.bits(data[i], 8);
  }

  /** The leading `nbits` bits of `data`. */
  bitsFrom(data: Uint8Array, nbits: number): void {
    const whole = nbits >> 3;
    this.octets(whole === data.length ? data : data.subarray(0, whole));
    const rest = nbits & 7;
    if (rest) this.bits(data[whole] >> (8 - rest), rest);
  }

  /**
   * X.691 §11.1 complete encoding: the written bits padded to whole octets, at least one octet
   * (an empty encoding is one zero octet). A copy: the writer can be reused.
   */
  complete(): Buffer {
    const n = Math.max(1, (this.pos + 7) >> 3);
    this.ensure(n * 8 - this.pos);
    return Buffer.from(this.buf.subarray(0, n));
  }
}

/**
 * A bit-level, bounds-checked read cursor for aligned PER. Every read past `end` throws a
 * DecodeError naming the protocol, the element being decoded (`element`, set by the sequence
 * and container codecs) and the octet offset.
 */
export class PerReader {
  /** Name of what is being decoded, for errors. */
  element = 'message';

  constructor(
    readonly buf: Buffer,
    readonly protocol = 'APER',
    /** Position in bits. */
    public pos = 0,
    /** End of the window in bits; open types narrow it to their contents. */
    public end = buf.length * 8,
  ) {}

  fail(reason: string, pos = this.pos): never {
    throw new DecodeError(this.protocol, this.element, pos >> 3, reason);
  }

  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.fail(`needs ${n} bit(s), ${this.end - this.pos} left`);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** `n` bits (n ≤ 53) as a non-negative number. */
  bits(n: number): number {
    if (n === 0) return 0;
    if (n > 32) {
      const hi = this.bits(n - 32);
      return hi * TWO32 + this.bits(32);
    }
    this.need(n);
    const b = this.buf;
    let pos = this.pos;
    let left = n;
    let v = 0;
    while (left > 0) {
      const room = 8 - (pos & 7);
      const k = Math.min(left, room);
      const chunk = (b[pos >> 3] >> (room - k)) & ((1 << k) - 1);
      v = v * (1 << k) + chunk;
      pos += k;
      left -= k;
    }
    this.pos = pos;
    return v;
  }

  bit(): boolean {
    return this.bits(1) === 1;
  }

  align(): void {
    const p = (this.pos + 7) & ~7;
    if (p > this.end) this.fail('padding runs past the end');
    this.pos = p;
  }

  /** `n` whole octets from the current position, copied. */
  octets(n: number): Buffer {
    this.need(n * 8);
    if (n === 0) return EMPTY;
    if ((this.pos & 7) === 0) {
      const at = this.pos >> 3;
      const out = Buffer.allocUnsafe(n);
      if (n <= 16) for (let i = 0; i < n; i++) out[i] = this.buf[at + i];
      else this.buf.copy(out, 0, at, at + n);
      this.pos += n * 8;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) out[i] = this.bits(8);
    return out;
  }

  /** `nbits` bits, left-aligned in ⌈nbits/8⌉ octets with zero trailing bits. */
  bitsTo(nbits: number): Buffer {
    const whole = nbits >> 3;
    const rest = nbits & 7;
    if (!rest) return this.octets(whole);
    this.need(nbits);
    const out = Buffer.alloc(whole + 1);
    this.octets(whole).copy(out);
    out[whole] = this.bits(rest) << (8 - rest);
    return out;
  }
}
