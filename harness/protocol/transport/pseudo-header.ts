import { finish, sum16 } from '../common/checksum.ts';

/**
 * Upper-layer checksum over the IPv4 (RFC 768/RFC 9293 §3.1) or IPv6 (RFC 8200 §8.1)
 * pseudo-header: source, destination, protocol and upper-layer length, then the segment itself.
 */
export function pseudoHeaderChecksum(src: Uint8Array, dst: Uint8Array, protocol: number, segment: Uint8Array): number {
  let acc = sum16(src, 0, src.length);
  acc = sum16(dst, 0, dst.length, acc);
  const len = segment.length;
  acc += (len >>> 16) + (len & 0xffff) + protocol;
  return finish(sum16(segment, 0, segment.length, acc));
}
