import { isIPv4, isIPv6 } from 'node:net';
import type { Reader, Writer } from './cursor.ts';
import { EncodeError } from './decode-error.ts';
import { addressBytes, addressString } from '../udpip/datagram.ts';

/** IPv4 (4 octets) and IPv6 (16 octets) addresses inside IEs, as text in decoded values. */
export function writeIpv4(w: Writer, address: string, element: string): void {
  if (!isIPv4(address)) throw new EncodeError(w.protocol, element, `not an IPv4 address: ${address}`);
  w.bytes(addressBytes(address));
}

export function writeIpv6(w: Writer, address: string, element: string): void {
  if (!isIPv6(address)) throw new EncodeError(w.protocol, element, `not an IPv6 address: ${address}`);
  w.bytes(addressBytes(address));
}

export function readIpv4(r: Reader): string {
  r.need(4);
  const s = `${r.buf[r.offset]}.${r.buf[r.offset + 1]}.${r.buf[r.offset + 2]}.${r.buf[r.offset + 3]}`;
  r.offset += 4;
  return s;
}

export function readIpv6(r: Reader): string {
  r.need(16);
  const s = addressString(r.buf.subarray(r.offset, r.offset + 16));
  r.offset += 16;
  return s;
}
