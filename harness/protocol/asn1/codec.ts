import { PerReader, PerWriter } from './per-cursor.ts';

/**
 * One ASN.1 type's aligned-PER codec (ITU-T X.691), in the dns-packet style: a small object per
 * type, composed by the factories of this folder (sequence, choice, sequenceOf, ...) into a
 * protocol's types. No `encodingLength`: a PER length is only known once the bits are written,
 * so encoders write into a growable PerWriter and open types patch their length in place.
 */
export interface PerCodec<T> {
  /** The ASN.1 type name, for errors. */
  readonly name: string;
  encode(w: PerWriter, value: T): void;
  decode(r: PerReader): T;
}

/** The decoded value type of a codec, e.g. `PerValue<typeof tai>`. */
export type PerValue<C> = C extends PerCodec<infer T> ? T : never;

/** Flattens an intersection for readable hover types. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** X.691 §11.1 complete encoding of a value (whole octets, at least one). */
export function encodePer<T>(codec: PerCodec<T>, value: T, protocol = 'APER', w = new PerWriter(protocol)): Buffer {
  w.reset();
  codec.encode(w, value);
  return w.complete();
}

/**
 * Decodes one complete encoding. Only padding (< 8 bits, or the single octet of an empty
 * encoding) may follow the value: trailing octets are a DecodeError. Padding bits are not
 * checked (X.691 §10.1.3 sets them to zero; a peer that does not is read all the same).
 */
export function decodePer<T>(codec: PerCodec<T>, buf: Buffer, protocol = 'APER'): T {
  const r = new PerReader(buf, protocol);
  if (buf.length === 0) r.fail(`${codec.name}: empty encoding`);
  const v = codec.decode(r);
  checkEnd(r, 0, codec.name);
  return v;
}

/** Fails when more than padding is left in the window that started at bit `start`. */
export function checkEnd(r: PerReader, start: number, name: string): void {
  const used = r.pos - start;
  const left = r.end - r.pos;
  // An empty value is encoded as one zero octet (§11.1.3): 8 unused bits are then padding.
  if (left >= 8 && !(used === 0 && left === 8)) r.fail(`${name}: ${left >> 3} octet(s) after the value`);
}
