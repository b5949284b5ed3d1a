import type { Reader, Writer } from '../../../common/cursor.ts';
import { EncodeError } from '../../../common/decode-error.ts';
import { formatIpv6, parseIpv6Into } from '../../../common/ip-bytes.ts';

/**
 * The 8-octet IPv6 interface identifier of a PDN address (TS 24.301 §9.9.4.9) or PDU address
 * (TS 24.501 §9.11.4.10), written as an address in ::/64 ("::1a2b:3c4d:5e6f:7081") so it
 * combines with a prefix by OR.
 */
export function writeInterfaceIdentifier(w: Writer, iid: string): void {
  const b = Buffer.alloc(16);
  if (!parseIpv6Into(iid, b, 0) || b.readBigUInt64BE(0) !== 0n)
    throw new EncodeError(w.protocol, 'interface identifier', `must be written as an address in ::/64, got ${iid}`);
  w.bytes(b.subarray(8));
}

export function readInterfaceIdentifier(r: Reader): string {
  r.need(8);
  const b = Buffer.alloc(16);
  r.buf.copy(b, 8, r.offset, r.offset + 8);
  r.offset += 8;
  return formatIpv6(b);
}
