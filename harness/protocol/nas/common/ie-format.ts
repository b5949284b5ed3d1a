import type { Reader, Writer } from '../../common/cursor.ts';

/**
 * One NAS information element value (TS 24.007 §11.2.1.1; contents per TS 24.008 §10.5,
 * TS 24.301 §9.9, TS 24.501 §9.11), in the dns-packet style: encode into a writer, decode from a
 * reader whose window is exactly the value, and the length of the value. The IEI and length
 * octets around it are written once for every IE, in body.ts, from the IE's format.
 */
export interface Codec<T> {
  /** The IE type's name in the spec, for error messages ("EPS quality of service"). */
  readonly name: string;
  encode(value: T, w: Writer): void;
  decode(r: Reader, ctx: DecodeContext): T;
  encodingLength(value: T): number;
}

/**
 * What a decoder may note without failing: a deviation from the spec that the harness tolerates
 * on receipt (a DNN sent as plain text, a syntactically incorrect optional IE treated as not
 * present, TS 24.501 §7.6.3) and that a check still reports.
 */
export interface DecodeContext {
  warnings: string[];
}

/**
 * TS 24.007 §11.2.1.1 formats, by IE type:
 * - `half`  type 1: a half octet; mandatory as V 1/2 (two share an octet, the first in bits 4-1),
 *           optional as TV 1 with the IEI in bits 8-5. The value is the half octet, 0..15.
 * - `flag`  type 2: an optional IEI alone (T 1). The value is `true`.
 * - `fixed` type 3: V or TV with a value of `length` octets.
 * - `lv`    type 4: LV or TLV, a one-octet length.
 * - `lv-e`  type 6: LV-E or TLV-E, a two-octet length.
 */
export type IeKind = 'half' | 'flag' | 'fixed' | 'lv' | 'lv-e';

export interface IeFormat<T> {
  readonly kind: IeKind;
  /** Value length of a `fixed` IE. */
  readonly length?: number;
  /** Value codec of `fixed`, `lv` and `lv-e` IEs. */
  readonly codec?: Codec<T>;
  /** Never set: carries the value type. */
  readonly __value?: T;
}

export const half: IeFormat<number> = { kind: 'half' };
export const flag: IeFormat<true> = { kind: 'flag' };
export const fixed = <T>(length: number, codec: Codec<T>): IeFormat<T> => ({ kind: 'fixed', length, codec });
export const lv = <T>(codec: Codec<T>): IeFormat<T> => ({ kind: 'lv', codec });
export const lve = <T>(codec: Codec<T>): IeFormat<T> => ({ kind: 'lv-e', codec });
