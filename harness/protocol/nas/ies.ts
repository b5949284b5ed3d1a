import type { Reader, Writer } from '../common/cursor.ts';
import { formatIpv6, parseIpv6Into, readIpv4, writeIpv4 } from '../common/ip-bytes.ts';
import { EncodeError } from '../common/decode-error.ts';
import { pcoLength, readPco, writePco, type Pco } from '../common/pco.ts';

/**
 * NAS information elements (TS 24.007 §11.2 formats; TS 24.301 §9.9, TS 24.501 §9.11) used by the
 * ESM and 5GSM messages here. Optional IEs are type 1 (IEI in the high half-octet, value in the
 * low), TV, TLV or TLV-E (2-octet length); the per-protocol IEI tables in messages.ts say which.
 */
export type NasIe =
  | { ie: 'apn'; apn: string }
  | ({ ie: 'pco' } & Pco)
  | { ie: 'esm-cause'; cause: number }
  | { ie: '5gsm-cause'; cause: number }
  | { ie: 'pdu-address'; address: PduAddress }
  /** A type-1 IE: IEI in bits 8-5, value in bits 4-1 (PDU session type, SSC mode, radio priority ...). */
  | { ie: 'half'; iei: number; value: number }
  /** Any other IE, by IEI, with its value octets (format known from the IEI). */
  | { ie: 'unknown'; iei: number; data: Buffer };

/**
 * PDN address (TS 24.301 §9.9.4.9) / PDU address (TS 24.501 §9.11.4.10): the PDN/PDU session type
 * (1 IPv4, 2 IPv6, 3 IPv4v6), then the IPv4 address and/or the 8-octet IPv6 interface identifier,
 * written as an address in ::/64 (e.g. "::1a2b:3c4d:5e6f:7081"). `flags` keeps bits 8-4 (SI6LLA).
 */
export interface PduAddress {
  type: number;
  interfaceIdentifier?: string;
  ipv4?: string;
  flags?: number;
}

export function pduAddressLength(a: PduAddress): number {
  return 1 + (a.interfaceIdentifier ? 8 : 0) + (a.ipv4 ? 4 : 0);
}

export function writePduAddress(w: Writer, a: PduAddress): void {
  w.u8(((a.flags ?? 0) & 0xf8) | (a.type & 0x07), 'PDN type');
  if (a.interfaceIdentifier) {
    const b = Buffer.alloc(16);
    if (!parseIpv6Into(a.interfaceIdentifier, b, 0) || b.readBigUInt64BE(0) !== 0n) {
      throw new EncodeError(
        w.protocol,
        'interface identifier',
        `must be written as an address in ::/64, got ${a.interfaceIdentifier}`,
      );
    }
    w.bytes(b.subarray(8));
  }
  if (a.ipv4) writeIpv4(w, a.ipv4, 'PDN address IPv4');
}

export function readPduAddress(r: Reader): PduAddress {
  const o = r.u8();
  const a: PduAddress = { type: o & 0x07 };
  if (o & 0xf8) a.flags = o & 0xf8;
  if (a.type === 2 || a.type === 3) {
    r.need(8);
    const b = Buffer.alloc(16);
    r.buf.copy(b, 8, r.offset, r.offset + 8);
    r.offset += 8;
    a.interfaceIdentifier = formatIpv6(b);
  }
  if (a.type === 1 || a.type === 3) a.ipv4 = readIpv4(r);
  return a;
}

export { pcoLength, readPco, writePco };
export { apnLength, readApn, writeApn } from '../common/apn.ts';
