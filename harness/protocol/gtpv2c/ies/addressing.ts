import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../../common/ip-bytes.ts';
import type { IeCodec } from './ie-codec.ts';

/**
 * §8.22 Fully Qualified TEID: V4/V6 flags, interface type (Table 8.22-1: 0 S1-U eNodeB, 1 S1-U SGW,
 * 4 S5/S8 SGW GTP-U, 5 S5/S8 PGW GTP-U, 6 S5/S8 SGW GTP-C, 7 S5/S8 PGW GTP-C, 10 S11 MME GTP-C,
 * 11 S11/S4 SGW GTP-C ...), TEID/GRE key, then the IPv4 and/or IPv6 address.
 */
export interface FteidIe {
  ie: 'f-teid';
  instance: number;
  interfaceType: number;
  teid: number;
  ipv4?: string;
  ipv6?: string;
}

export const fteid: IeCodec<FteidIe> = {
  type: 87,
  name: 'f-teid',
  encode(v, w) {
    w.u8((v.ipv4 ? 0x80 : 0) | (v.ipv6 ? 0x40 : 0) | (v.interfaceType & 0x3f), 'F-TEID flags');
    w.u32(v.teid, 'F-TEID TEID/GRE key');
    if (v.ipv4) writeIpv4(w, v.ipv4, 'F-TEID IPv4');
    if (v.ipv6) writeIpv6(w, v.ipv6, 'F-TEID IPv6');
  },
  decode(r, instance) {
    r.at('F-TEID');
    const flags = r.u8();
    const ie: FteidIe = { ie: 'f-teid', instance, interfaceType: flags & 0x3f, teid: r.u32() };
    if (flags & 0x80) ie.ipv4 = readIpv4(r);
    if (flags & 0x40) ie.ipv6 = readIpv6(r);
    return ie;
  },
  encodingLength: (v) => 5 + (v.ipv4 ? 4 : 0) + (v.ipv6 ? 16 : 0),
};

/**
 * §8.14 PDN Address Allocation: PDN type, then IPv4 (4 octets), or IPv6 prefix length + IPv6
 * (17), or IPv6 prefix length + IPv6 + IPv4 (21). Non-IP (4) and Ethernet (5) carry no address.
 */
export interface PaaIe {
  ie: 'paa';
  instance: number;
  pdnType: number;
  ipv4?: string;
  ipv6?: string;
  prefixLength?: number;
  /** Bits 8-4 of the PDN type octet, spare, kept when set. */
  spare?: number;
}

export const paa: IeCodec<PaaIe> = {
  type: 79,
  name: 'paa',
  encode(v, w) {
    w.u8(((v.spare ?? 0) & 0xf8) | (v.pdnType & 0x07), 'PAA PDN type');
    if (v.pdnType === 2 || v.pdnType === 3) {
      w.u8(v.prefixLength ?? 64, 'PAA IPv6 prefix length');
      writeIpv6(w, v.ipv6 ?? '::', 'PAA IPv6');
    }
    if (v.pdnType === 1 || v.pdnType === 3) writeIpv4(w, v.ipv4 ?? '0.0.0.0', 'PAA IPv4');
  },
  decode(r, instance) {
    r.at('PAA');
    const o = r.u8();
    const pdnType = o & 0x07;
    const ie: PaaIe = { ie: 'paa', instance, pdnType };
    if (o & 0xf8) ie.spare = o & 0xf8;
    if (pdnType === 2 || pdnType === 3) {
      ie.prefixLength = r.u8();
      if (ie.prefixLength > 128) r.fail(`IPv6 prefix length ${ie.prefixLength} > 128`, r.offset - 1);
      ie.ipv6 = readIpv6(r);
    }
    if (pdnType === 1 || pdnType === 3) ie.ipv4 = readIpv4(r);
    return ie;
  },
  encodingLength: (v) =>
    1 + (v.pdnType === 2 || v.pdnType === 3 ? 17 : 0) + (v.pdnType === 1 || v.pdnType === 3 ? 4 : 0),
};

/** §8.9 IP Address: IPv4 or IPv6 by length. */
export interface IpAddressIe {
  ie: 'ip-address';
  instance: number;
  address: string;
}

export const ipAddress: IeCodec<IpAddressIe> = {
  type: 74,
  name: 'ip-address',
  encode(v, w) {
    if (v.address.includes(':')) writeIpv6(w, v.address, 'IP Address');
    else writeIpv4(w, v.address, 'IP Address');
  },
  decode(r, instance) {
    r.at('IP Address');
    if (r.remaining === 4) return { ie: 'ip-address', instance, address: readIpv4(r) };
    if (r.remaining === 16) return { ie: 'ip-address', instance, address: readIpv6(r) };
    return r.fail(`length ${r.remaining}, must be 4 or 16`);
  },
  encodingLength: (v) => (v.address.includes(':') ? 16 : 4),
};
