import type { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';

/**
 * The type-length-value layout shared by SCTP parameters (RFC 9260 §3.2.1) and error causes
 * (§3.3.10): a 16-bit type (or cause code), a 16-bit length that counts the 4-octet header and
 * the value but not the padding, the value, then zero padding to a multiple of 4. The padding of
 * the last item in a chunk is the chunk's own padding and is not counted in the chunk length
 * (§3.2), so a list is written without it and the chunk writer pads.
 *
 * One codec per type, looked up in a table; a type with no codec is kept as its octets (`unknown`)
 * and written back unchanged.
 */
export interface TlvCodec<T> {
  type: number;
  name: string;
  /** Writes the value part. */
  encode(value: T, w: Writer): void;
  /** Decodes the value part; the reader's window is exactly the value. */
  decode(r: Reader): T;
  encodingLength(value: T): number;
}

export const pad4 = (n: number): number => (n + 3) & ~3;

export class TlvTable<T, U extends T> {
  private readonly byType = new Map<number, TlvCodec<T>>();
  private readonly byName = new Map<string, TlvCodec<T>>();

  constructor(
    private readonly what: string,
    codecs: readonly TlvCodec<T>[],
    /** The name of a decoded item, the discriminator of the union. */
    private readonly nameOf: (v: T) => string,
    /** An item with no codec, as type and value octets. */
    private readonly unknown: {
      is(v: T): v is U;
      type(v: U): number;
      value(v: U): Buffer;
      make(type: number, value: Buffer): U;
    },
  ) {
    for (const c of codecs) {
      this.byType.set(c.type, c);
      this.byName.set(c.name, c);
    }
  }

  typeOf(v: T): number {
    if (this.unknown.is(v)) return this.unknown.type(v);
    const c = this.byName.get(this.nameOf(v));
    if (!c) throw new EncodeError('sctp', this.what, `no codec for ${this.nameOf(v)}`);
    return c.type;
  }

  /** The item's length field value: header and value, no padding. */
  itemLength(v: T): number {
    if (this.unknown.is(v)) return 4 + this.unknown.value(v).length;
    const c = this.byName.get(this.nameOf(v));
    if (!c) throw new EncodeError('sctp', this.what, `no codec for ${this.nameOf(v)}`);
    return 4 + c.encodingLength(v);
  }

  /** Octets of the list, every item padded except the last. */
  listLength(items: readonly T[]): number {
    let n = 0;
    for (let i = 0; i < items.length; i++) {
      const l = this.itemLength(items[i]);
      n += i === items.length - 1 ? l : pad4(l);
    }
    return n;
  }

  writeItem(w: Writer, v: T, padded: boolean): void {
    const start = w.offset;
    if (this.unknown.is(v)) {
      w.u16(this.unknown.type(v), `${this.what} type`);
      w.reserve(2);
      w.bytes(this.unknown.value(v));
    } else {
      const c = this.byName.get(this.nameOf(v));
      if (!c) throw new EncodeError('sctp', this.what, `no codec for ${this.nameOf(v)}`);
      w.u16(c.type, `${this.what} type`);
      w.reserve(2);
      c.encode(v, w);
    }
    const length = w.offset - start;
    if (length > 0xffff) throw new EncodeError('sctp', this.nameOf(v), `${length} octets exceed 65535`);
    w.buf[start + 2] = length >>> 8;
    w.buf[start + 3] = length & 0xff;
    if (padded) while ((w.offset - start) & 3) w.buf[w.offset++] = 0;
  }

  writeList(w: Writer, items: readonly T[]): void {
    for (let i = 0; i < items.length; i++) this.writeItem(w, items[i], i < items.length - 1);
  }

  /** Reads one item at the reader's offset, and its padding where the window has it. */
  readItem(r: Reader): T {
    r.element = `${this.what} header`;
    const at = r.offset;
    const type = r.u16();
    const length = r.u16();
    if (length < 4) r.fail(`length ${length} is shorter than the 4-octet header`, at + 2);
    const codec = this.byType.get(type);
    r.element = codec ? codec.name : `${this.what} type ${type}`;
    const saved = r.window(length - 4);
    let item: T;
    if (codec) {
      item = codec.decode(r);
      if (r.remaining > 0) r.fail(`${r.remaining} octet(s) after the value`);
    } else item = this.unknown.make(type, r.rest());
    r.end = saved;
    r.skip(Math.min(pad4(length) - length, r.remaining));
    return item;
  }

  /** Reads items to the end of the reader's window. */
  readList(r: Reader): T[] {
    const out: T[] = [];
    while (r.remaining > 0) out.push(this.readItem(r));
    return out;
  }
}
