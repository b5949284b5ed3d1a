import { readIpv4, writeIpv4 } from '../../../common/ip-bytes.ts';
import type { Codec } from '../../common/ie-format.ts';
import { readInterfaceIdentifier, writeInterfaceIdentifier } from '../../common/ies/interface-identifier.ts';

/**
 * PDN address (TS 24.301 §9.9.4.9): spare bits 8-4 and the PDN type in bits 3-1 (1 IPv4, 2 IPv6,
 * 3 IPv4v6, 5 non-IP), then the IPv6 interface identifier (8 octets) and/or the IPv4 address.
 * `flags` keeps bits 8-4 when not zero; `extra` octets past the address (none for IPv4/IPv6/IPv4v6).
 */
export interface PdnAddress {
  type: number;
  interfaceIdentifier?: string;
  ipv4?: string;
  flags?: number;
  extra?: Buffer;
}

export const pdnAddress: Codec<PdnAddress> = {
  name: 'PDN address',
  encode(a, w) {
    w.u8(((a.flags ?? 0) & 0xf8) | (a.type & 0x07), 'PDN type');
    if (a.interfaceIdentifier) writeInterfaceIdentifier(w, a.interfaceIdentifier);
    if (a.ipv4) writeIpv4(w, a.ipv4, 'PDN address IPv4');
    if (a.extra) w.bytes(a.extra);
  },
  decode(r) {
    const o = r.u8();
    const a: PdnAddress = { type: o & 0x07 };
    if (o & 0xf8) a.flags = o & 0xf8;
    if (a.type === 2 || a.type === 3) a.interfaceIdentifier = readInterfaceIdentifier(r);
    if (a.type === 1 || a.type === 3) a.ipv4 = readIpv4(r);
    if (r.remaining > 0) a.extra = r.rest();
    return a;
  },
  encodingLength: (a) => 1 + (a.interfaceIdentifier ? 8 : 0) + (a.ipv4 ? 4 : 0) + (a.extra?.length ?? 0),
};
