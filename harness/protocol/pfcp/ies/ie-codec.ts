import type { Reader, Writer } from '../../common/cursor.ts';

/**
 * One PFCP IE type (TS 29.244 §8.1.1): its type number, its name in decoded values, and a codec
 * for its value part. The IE header (type, length, Enterprise ID) is handled once, in
 * ie-list.ts, for every IE.
 */
export interface IeCodec<T extends { ie: string }> {
  type: number;
  name: T['ie'];
  encode(value: T, w: Writer): void;
  /** Decodes the value part; the reader's window is exactly the IE's length. */
  decode(r: Reader): T;
  encodingLength(value: T): number;
}

/**
 * Octets after the fields this codec knows: later releases append fields to an IE ("these
 * octet(s) is/are present only if explicitly specified", §8.2), kept and written back unchanged.
 */
export interface IeExtra {
  extra?: Buffer;
}
