import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../../../common/ip-bytes.ts';
import type { Codec } from '../../common/ie-format.ts';
import { readInterfaceIdentifier, writeInterfaceIdentifier } from '../../common/ies/interface-identifier.ts';

/**
 * PDU address (TS 24.501 §9.11.4.10): octet 3 holds spare bits 8-5, SI6LLA (bit 4) and the PDU
 * session type (bits 3-1: 1 IPv4, 2 IPv6, 3 IPv4v6); then the IPv6 interface identifier (8
 * octets) and/or the IPv4 address, then, when SI6LLA is set, the SMF's IPv6 link-local address.
 */
export interface PduAddress {
  type: number;
  interfaceIdentifier?: string;
  ipv4?: string;
  /** The SMF's IPv6 link-local address (SI6LLA = 1). */
  smfLinkLocal?: string;
  /** Bits 8-5 of octet 3, kept when not zero. */
  spare?: number;
  /** Octets past the address (other PDU session types). */
  extra?: Buffer;
}

export const pduAddress: Codec<PduAddress> = {
  name: 'PDU address',
  encode(a, w) {
    w.u8(((a.spare ?? 0) & 0xf0) | (a.smfLinkLocal ? 0x08 : 0) | (a.type & 0x07), 'PDU session type');
    if (a.interfaceIdentifier) writeInterfaceIdentifier(w, a.interfaceIdentifier);
    if (a.ipv4) writeIpv4(w, a.ipv4, 'PDU address IPv4');
    if (a.smfLinkLocal) writeIpv6(w, a.smfLinkLocal, 'SMF IPv6 link local address');
    if (a.extra) w.bytes(a.extra);
  },
  decode(r) {
    const o = r.u8();
    const a: PduAddress = { type: o & 0x07 };
    if (o & 0xf0) a.spare = o & 0xf0;
    if (a.type === 2 || a.type === 3) a.interfaceIdentifier = readInterfaceIdentifier(r);
    if (a.type === 1 || a.type === 3) a.ipv4 = readIpv4(r);
    if (o & 0x08) a.smfLinkLocal = readIpv6(r);
    if (r.remaining > 0) a.extra = r.rest();
    return a;
  },
  encodingLength: (a) =>
    1 + (a.interfaceIdentifier ? 8 : 0) + (a.ipv4 ? 4 : 0) + (a.smfLinkLocal ? 16 : 0) + (a.extra?.length ?? 0),
};
