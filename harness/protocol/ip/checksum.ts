/**
 * The Internet checksum (RFC 1071): the one's complement of the one's complement sum of 16-bit
 * words, and the pseudo-headers the upper layers sum first: RFC 768 / RFC 9293 §3.1 over IPv4
 * (source, destination, zero, protocol, length) and RFC 8200 §8.1 over IPv6 (source, destination,
 * upper-layer length, next header). Sums run into a 32-bit accumulator so a pseudo-header, a header
 * and a payload are summed in place, without concatenating buffers; `finish` folds it.
 */
export function sum16(buf: Uint8Array, start: number, end: number, acc = 0): number {
  let i = start;
  for (; i + 1 < end; i += 2) acc += (buf[i] << 8) | buf[i + 1];
  if (i < end) acc += buf[i] << 8;
  return acc;
}

export function fold(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
  return acc;
}

/** The checksum value of an accumulated sum. */
export function finish(acc: number): number {
  return ~fold(acc) & 0xffff;
}

export function internetChecksum(buf: Uint8Array, start = 0, end = buf.length): number {
  return finish(sum16(buf, start, end));
}

/**
 * The pseudo-header's sum: both addresses (4 octets each over IPv4, 16 over IPv6, read in place
 * from `src` at `srcOffset` and `dst` at `dstOffset`), the upper-layer protocol and its length.
 * The same words in either family: the zero octet and the 16- or 32-bit length only add zeros.
 */
export function pseudoHeaderSum(
  src: Uint8Array,
  srcOffset: number,
  dst: Uint8Array,
  dstOffset: number,
  addressLength: 4 | 16,
  protocol: number,
  upperLength: number,
): number {
  let acc = sum16(src, srcOffset, srcOffset + addressLength);
  acc = sum16(dst, dstOffset, dstOffset + addressLength, acc);
  return acc + (upperLength >>> 16) + (upperLength & 0xffff) + protocol;
}

/** RFC 768: a computed UDP checksum of zero is sent as all ones (zero means "none"). */
export function udpChecksumValue(c: number): number {
  return c === 0 ? 0xffff : c;
}
