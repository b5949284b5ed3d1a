import type { Reader, Writer } from './cursor.ts';

/**
 * The shape every value codec has (after dns-packet's record codecs, without its static
 * `encode.bytes` side channel): encode through a Writer, decode a window of a Reader,
 * and tell the encoded length up front so the caller allocates once.
 */
export interface Codec<T> {
  encode(value: T, w: Writer): void;
  /** Decodes exactly the reader's window (the IE's value part). */
  decode(r: Reader): T;
  encodingLength(value: T): number;
}
