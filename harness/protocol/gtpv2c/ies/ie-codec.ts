import type { Reader, Writer } from '../../common/cursor.ts';

/**
 * One GTPv2-C IE type (TS 29.274 §8.1, §8.2.1): its type number, its name in decoded values,
 * and a codec for its value part. The IE header (type, length, spare/instance) is handled once,
 * in ie-list.ts, for every IE.
 */
export interface IeCodec<T extends { ie: string; instance: number }> {
  type: number;
  name: T['ie'];
  encode(value: T, w: Writer): void;
  /** Decodes the value part; the reader's window is exactly the IE's length. */
  decode(r: Reader, instance: number): T;
  encodingLength(value: T): number;
}
