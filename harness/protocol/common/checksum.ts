/**
 * The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words.
 * `sum16` folds a range into a running 32-bit accumulator so pseudo-headers (RFC 768,
 * RFC 8200 §8.1) and payloads can be summed without concatenating buffers.
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

/** Final checksum value from an accumulator. */
export function finish(acc: number): number {
  return ~fold(acc) & 0xffff;
}

export function internetChecksum(buf: Uint8Array, start = 0, end = buf.length): number {
  return finish(sum16(buf, start, end));
}
