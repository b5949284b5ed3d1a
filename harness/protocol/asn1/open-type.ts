import { checkEnd, type PerCodec } from './codec.ts';
import { PerReader, type PerWriter } from './per-cursor.ts';
import { readFragmented, writeFragmented } from './whole-number.ts';

/**
 * X.691 §11.2 open type field: the complete encoding of a value (whole octets, at least one)
 * after an unconstrained length in octets. The value is written in place after a one-octet
 * length that is widened (content moved by one octet) when it reaches 128 octets, or rewritten
 * as fragments from 16K: no intermediate buffer for the common case.
 */
export function writeOpenType(w: PerWriter, put: () => void): void {
  w.align();
  w.ensure(8);
  const lenAt = w.pos >> 3;
  w.pos += 8;
  const start = w.pos;
  put();
  w.align();
  let n = (w.pos - start) >> 3;
  if (n === 0) {
    w.bits(0, 8);
    n = 1;
  }
  if (n < 128) {
    w.buf[lenAt] = n;
    return;
  }
  if (n < 16384) {
    w.ensure(8);
    w.buf.copyWithin(lenAt + 2, lenAt + 1, lenAt + 1 + n);
    w.buf[lenAt] = 0x80 | (n >> 8);
    w.buf[lenAt + 1] = n & 0xff;
    w.pos += 8;
    return;
  }
  const content = Buffer.from(w.buf.subarray(lenAt + 1, lenAt + 1 + n));
  w.buf.fill(0, lenAt, lenAt + 1 + n);
  w.pos = lenAt * 8;
  writeFragmented(w, n, (from, count) => w.octets(content.subarray(from, from + count)));
}

/** Reads an open type's length and decodes its contents with `get`, within exactly those octets. */
export function readOpenType<T>(r: PerReader, name: string, get: (r: PerReader) => T): T {
  r.align();
  const save = r.element;
  const first = r.buf[r.pos >> 3];
  // Fragmented (≥16K) open types are gathered into one buffer; others are read in place.
  if (r.pos < r.end && (first & 0xc0) === 0xc0) {
    const parts: Buffer[] = [];
    readFragmented(r, (n) => parts.push(r.octets(n)));
    const inner = new PerReader(Buffer.concat(parts), r.protocol);
    inner.element = name;
    const v = get(inner);
    checkEnd(inner, 0, name);
    return v;
  }
  const n = readLength(r);
  r.need(n * 8);
  if (n === 0) r.fail(`${name}: an open type holds at least one octet`);
  const end = r.end;
  const start = r.pos;
  r.end = start + n * 8;
  const v = get(r);
  checkEnd(r, start, name);
  r.pos = r.end;
  r.end = end;
  r.element = save;
  return v;
}

function readLength(r: PerReader): number {
  const first = r.bits(8);
  if ((first & 0x80) === 0) return first;
  return ((first & 0x3f) << 8) | r.bits(8);
}

/** An open type holding a value of `codec` (ProtocolIE-Field value, InitiatingMessage value). */
export function openType<T>(codec: PerCodec<T>): PerCodec<T> {
  return {
    name: codec.name,
    encode: (w, v) => writeOpenType(w, () => codec.encode(w, v)),
    decode: (r) => readOpenType(r, codec.name, (inner) => codec.decode(inner)),
  };
}

/** An open type kept as its contents (an IE or extension this codec does not know), written back unchanged. */
export const rawOpenType: PerCodec<Buffer> = {
  name: 'open type',
  encode(w, v) {
    if (v.length === 0) w.fail('open type', 'an open type holds at least one octet');
    writeOpenType(w, () => w.octets(v));
  },
  decode(r) {
    return readOpenType(r, 'open type', (inner) => {
      const n = (inner.end - inner.pos) >> 3;
      return inner.octets(n);
    });
  },
};
