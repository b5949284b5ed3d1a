import type { Reader, Writer } from '../../common/cursor.ts';
import { EncodeError } from '../../common/decode-error.ts';

/**
 * One GTPv1-C IE type (TS 29.060 §7.7): its type number, its name in decoded values, and a codec
 * for its value part. Types below 128 are TV, with the fixed value length of Table 37 in
 * `tvLength`; 128 and above are TLV with a 2-octet length, except Extension Header Type List
 * (§7.7.40) whose length is one octet (`lengthOctets: 1`). The IE header is handled once, in
 * ie-list.ts, for every IE.
 */
export interface IeCodec<T extends { ie: string }> {
  type: number;
  name: T['ie'];
  tvLength?: number;
  lengthOctets?: 1;
  encode(value: T, w: Writer): void;
  /** Decodes the value part; the reader's window is exactly the IE's value. */
  decode(r: Reader): T;
  encodingLength(value: T): number;
}

/**
 * Bits a field's octet leaves spare, kept as the peer sent them: `spare` is present in a decoded
 * value only when those bits differ from what the figure of §7.7 says to send, so a decoded
 * message re-encodes byte-exact and a built one needs no spare at all.
 */
export function spareOf(octet: number, mask: number, sent: number): number | undefined {
  const spare = octet & ~mask & 0xff;
  return spare === sent ? undefined : spare;
}

/** Writes `value` in the bits of `mask` and the spare bits around it (`sent` unless kept). */
export function writeWithSpare(
  w: Writer,
  value: number,
  mask: number,
  spare: number | undefined,
  sent: number,
  element: string,
): void {
  if (value !== (value & mask))
    throw new EncodeError(w.protocol, element, `${value} does not fit mask 0x${mask.toString(16)}`);
  w.u8(((spare ?? sent) & ~mask & 0xff) | value, element);
}
