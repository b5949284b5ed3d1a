import type { Reader, Writer } from '../common/cursor.ts';
import type { Payload } from './types.ts';

/**
 * One upper-layer protocol inside an IP packet (RFC 8200 §8, RFC 791 §3.1 Protocol): its number,
 * its name in decoded values, where its checksum sits and what that checksum covers, and a codec
 * for the message. The packet codec (packet.ts) writes the message with a zero checksum, then sums
 * the pseudo-header and the message in place and fills the checksum in; decoding, it verifies.
 */
export interface UpperLayerCodec<T extends Payload> {
  protocol: number;
  name: T['type'];
  /** Offset of the checksum field from the start of the upper-layer header. */
  checksumAt: number;
  /** Whether the checksum covers the pseudo-header (RFC 768, RFC 9293, RFC 8200 §8.1; not ICMP, RFC 792). */
  pseudoHeader: boolean;
  encodingLength(v: T): number;
  /** Writes the message, the checksum field zero. */
  encode(v: T, w: Writer): void;
  /** The reader's window is the whole message; `checksumValid` is set by the packet decoder. */
  decode(r: Reader): T;
  /** The value the checksum field gets for a computed checksum `c`. */
  checksumValue(v: T, c: number): number;
  /** Whether a received message's checksum is right, given whether its sum verified. */
  checksumValid(v: T, sumVerified: boolean, version: 4 | 6): boolean;
}

/** Checksums whose field holds the computed value, and verify when the sum does. */
export const plainChecksum = {
  checksumValue: (_v: unknown, c: number) => c,
  checksumValid: (_v: unknown, sumVerified: boolean) => sumVerified,
};
