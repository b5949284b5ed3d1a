import { DecodeError, EncodeError } from './decode-error.ts';

/** Zero-length values share one frozen buffer: nothing can be written into it. */
const EMPTY: Buffer = Object.freeze(Buffer.alloc(0)) as Buffer;

/**
 * A bounds-checked read cursor over one buffer. Every read past `end` throws a DecodeError that
 * names the protocol and the element being read, with the absolute offset. Decoders narrow the
 * window with `sub(length, element)` for length-prefixed structures (IEs, grouped IEs), so an IE
 * can never read into its neighbour.
 */
export class Reader {
  constructor(
    readonly buf: Buffer,
    public offset: number,
    /** End of the window; decoders narrow it for one IE with `window()` and restore it after. */
    public end: number,
    readonly protocol: string,
    /** Name of what is being decoded, used in errors. Set with `at()`. */
    public element = 'message',
  ) {}

  static of(buf: Buffer, protocol: string, offset = 0, end = buf.length): Reader {
    return new Reader(buf, offset, end, protocol);
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  /** Names what is decoded from here on, for error messages. Returns this for chaining. */
  at(element: string): this {
    this.element = element;
    return this;
  }

  fail(reason: string, offset = this.offset): never {
    throw new DecodeError(this.protocol, this.element, offset, reason);
  }

  need(n: number): void {
    if (n < 0 || this.offset + n > this.end) {
      this.fail(`needs ${n} octet(s), ${this.remaining} left`);
    }
  }

  u8(): number {
    this.need(1);
    return this.buf[this.offset++];
  }

  u16(): number {
    this.need(2);
    const b = this.buf;
    const o = this.offset;
    this.offset += 2;
    return (b[o] << 8) | b[o + 1];
  }

  u24(): number {
    this.need(3);
    const b = this.buf;
    const o = this.offset;
    this.offset += 3;
    return (b[o] << 16) | (b[o + 1] << 8) | b[o + 2];
  }

  u32(): number {
    this.need(4);
    const b = this.buf;
    const o = this.offset;
    this.offset += 4;
    // Byte loads: cheaper than readUInt32BE's argument checks on every IE.
    return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  }

  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64BE(this.offset);
    this.offset += 8;
    return v;
  }

  /** A copy of the next n octets (decoded values never alias the input buffer). */
  bytes(n: number): Buffer {
    this.need(n);
    if (n === 0) return EMPTY;
    const b = Buffer.allocUnsafe(n);
    const src = this.buf;
    const o = this.offset;
    // Short values (flags, addresses) are cheaper copied by a loop than by a native call.
    if (n <= 16) for (let i = 0; i < n; i++) b[i] = src[o + i];
    else src.copy(b, 0, o, o + n);
    this.offset = o + n;
    return b;
  }

  /** The rest of the window, copied. */
  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }

  /** The next n octets as Latin-1 text, without an intermediate copy. */
  latin1(n: number): string {
    this.need(n);
    const s = this.buf.toString('latin1', this.offset, this.offset + n);
    this.offset += n;
    return s;
  }

  /**
   * Narrows this reader to the next `length` octets (e.g. one IE's value) and returns the end to
   * restore afterwards with `this.end = saved`: no new reader per IE on the decode path.
   */
  window(length: number): number {
    this.need(length);
    const saved = this.end;
    this.end = this.offset + length;
    return saved;
  }

  /** A reader over the next `length` octets; advances this reader past them. */
  sub(length: number, element = this.element): Reader {
    this.need(length);
    const r = new Reader(this.buf, this.offset, this.offset + length, this.protocol, element);
    this.offset += length;
    return r;
  }
}

/**
 * A write cursor over one preallocated buffer. Encoders compute `encodingLength` first, allocate
 * once (or reuse a caller's buffer) and write through this cursor: no intermediate buffers.
 */
export class Writer {
  constructor(
    readonly buf: Buffer,
    public offset = 0,
    readonly protocol = 'wire',
  ) {}

  static alloc(length: number, protocol = 'wire'): Writer {
    return new Writer(Buffer.allocUnsafe(length), 0, protocol);
  }

  private outOfRange(element: string, v: number, max: number): never {
    throw new EncodeError(this.protocol, element, `value ${v} is not an integer in 0..${max}`);
  }

  // Range checks are `v !== (v & mask)`: false for fractions, negatives, NaN and too-large values.
  u8(v: number, element = 'u8'): this {
    if (v !== (v & 0xff)) this.outOfRange(element, v, 0xff);
    this.buf[this.offset++] = v;
    return this;
  }

  u16(v: number, element = 'u16'): this {
    if (v !== (v & 0xffff)) this.outOfRange(element, v, 0xffff);
    const b = this.buf;
    b[this.offset] = v >>> 8;
    b[this.offset + 1] = v;
    this.offset += 2;
    return this;
  }

  u24(v: number, element = 'u24'): this {
    if (v !== (v & 0xffffff)) this.outOfRange(element, v, 0xffffff);
    const b = this.buf;
    b[this.offset] = v >>> 16;
    b[this.offset + 1] = v >>> 8;
    b[this.offset + 2] = v;
    this.offset += 3;
    return this;
  }

  u32(v: number, element = 'u32'): this {
    if (v !== v >>> 0) this.outOfRange(element, v, 0xffffffff);
    const b = this.buf;
    const o = this.offset;
    if (o + 4 > b.length) throw new RangeError('write past the end of the buffer');
    b[o] = v >>> 24;
    b[o + 1] = v >>> 16;
    b[o + 2] = v >>> 8;
    b[o + 3] = v;
    this.offset = o + 4;
    return this;
  }

  u64(v: bigint): this {
    this.buf.writeBigUInt64BE(v, this.offset);
    this.offset += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    const n = b.length;
    if (n <= 16) {
      // Short copies (addresses, flags) are cheaper as a loop than a native call.
      if (this.offset + n > this.buf.length) throw new RangeError('write past the end of the buffer');
      for (let i = 0; i < n; i++) this.buf[this.offset + i] = b[i];
    } else {
      this.buf.set(b, this.offset);
    }
    this.offset += n;
    return this;
  }

  /** Reserves `n` octets (e.g. a length field written after its content) and returns their offset. */
  reserve(n: number): number {
    const at = this.offset;
    this.offset += n;
    return at;
  }

  /** The written part. Shares memory with the underlying buffer. */
  written(from = 0): Buffer {
    return this.buf.subarray(from, this.offset);
  }
}
