import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../../common/ip-bytes.ts';
import { EncodeError } from '../../common/decode-error.ts';
import { dnsNameLength, readDnsName, writeDnsName } from './dns-name.ts';
import type { IeCodec, IeExtra } from './ie-codec.ts';

/** §8.2.1 Cause: one octet (values in cause.ts). */
export interface CauseIe extends IeExtra {
  ie: 'cause';
  value: number;
}

export const cause: IeCodec<CauseIe> = {
  type: 19,
  name: 'cause',
  encode: (v, w) => void w.u8(v.value, 'Cause'),
  decode: (r) => ({ ie: 'cause', value: r.u8() }),
  encodingLength: () => 1,
};

/**
 * §8.2.38 Node ID: node ID type 0 IPv4 address, 1 IPv6 address, 2 FQDN (DNS labels). Exactly one
 * of `ipv4`, `ipv6`, `fqdn` is set; `fqdnOctets` keeps a received FQDN as sent (see dns-name.ts).
 */
export interface NodeIdIe extends IeExtra {
  ie: 'node-id';
  ipv4?: string;
  ipv6?: string;
  fqdn?: string;
  fqdnOctets?: Buffer;
  /** Bits 8-5 of the type octet, spare, kept when set. */
  spare?: number;
}

export const nodeId: IeCodec<NodeIdIe> = {
  type: 60,
  name: 'node-id',
  encode(v, w) {
    const s = (v.spare ?? 0) & 0xf0;
    if (v.ipv4 !== undefined) writeIpv4(w.u8(s | 0), v.ipv4, 'Node ID IPv4');
    else if (v.ipv6 !== undefined) writeIpv6(w.u8(s | 1), v.ipv6, 'Node ID IPv6');
    else if (v.fqdn !== undefined) writeDnsName(w.u8(s | 2), v.fqdn, v.fqdnOctets, 'Node ID FQDN');
    else throw new EncodeError(w.protocol, 'Node ID', 'needs ipv4, ipv6 or fqdn');
  },
  decode(r) {
    const o = r.u8();
    const type = o & 0x0f;
    let ie: NodeIdIe;
    if (type === 0) ie = { ie: 'node-id', ipv4: readIpv4(r) };
    else if (type === 1) ie = { ie: 'node-id', ipv6: readIpv6(r) };
    else if (type === 2) {
      const { name, octets } = readDnsName(r);
      ie = { ie: 'node-id', fqdn: name, fqdnOctets: octets };
    } else return r.fail(`Node ID type ${type} is reserved`, r.offset - 1);
    if (o & 0xf0) ie.spare = o & 0xf0;
    return ie;
  },
  encodingLength: (v) =>
    1 + (v.ipv4 !== undefined ? 4 : v.ipv6 !== undefined ? 16 : dnsNameLength(v.fqdn ?? '', v.fqdnOctets)),
};

/** §8.2.37 F-SEID: V4/V6 flags, the 64-bit SEID, then the IPv4 and/or IPv6 address of the node. */
export interface FseidIe extends IeExtra {
  ie: 'f-seid';
  seid: bigint;
  ipv4?: string;
  ipv6?: string;
  /** Bits 8-3 of the flags octet, spare, kept when set. */
  spare?: number;
}

export const fseid: IeCodec<FseidIe> = {
  type: 57,
  name: 'f-seid',
  encode(v, w) {
    if (v.seid < 0n || v.seid > 0xffff_ffff_ffff_ffffn)
      throw new EncodeError(w.protocol, 'F-SEID', `SEID ${v.seid} out of range`);
    w.u8(((v.spare ?? 0) & 0xfc) | (v.ipv4 !== undefined ? 0x02 : 0) | (v.ipv6 !== undefined ? 0x01 : 0)).u64(v.seid);
    if (v.ipv4 !== undefined) writeIpv4(w, v.ipv4, 'F-SEID IPv4');
    if (v.ipv6 !== undefined) writeIpv6(w, v.ipv6, 'F-SEID IPv6');
  },
  decode(r) {
    const flags = r.u8();
    const ie: FseidIe = { ie: 'f-seid', seid: r.u64() };
    if (flags & 0x02) ie.ipv4 = readIpv4(r);
    if (flags & 0x01) ie.ipv6 = readIpv6(r);
    if (flags & 0xfc) ie.spare = flags & 0xfc;
    return ie;
  },
  encodingLength: (v) => 9 + (v.ipv4 !== undefined ? 4 : 0) + (v.ipv6 !== undefined ? 16 : 0),
};

/**
 * §8.2.65 Recovery Time Stamp: seconds since 1900-01-01 00:00 UTC as the 32-bit NTP seconds
 * field (RFC 5905 §6); recovery-time.ts converts to and from Date.
 */
export interface RecoveryTimeStampIe extends IeExtra {
  ie: 'recovery-time-stamp';
  seconds: number;
}

export const recoveryTimeStamp: IeCodec<RecoveryTimeStampIe> = {
  type: 96,
  name: 'recovery-time-stamp',
  encode: (v, w) => void w.u32(v.seconds, 'Recovery Time Stamp'),
  decode: (r) => ({ ie: 'recovery-time-stamp', seconds: r.u32() }),
  encodingLength: () => 4,
};

/** §8.2.22 Offending IE: the type of the IE that caused a rejection. */
export interface OffendingIe extends IeExtra {
  ie: 'offending-ie';
  type: number;
}

export const offendingIe: IeCodec<OffendingIe> = {
  type: 40,
  name: 'offending-ie',
  encode: (v, w) => void w.u16(v.type, 'Offending IE'),
  decode: (r) => ({ ie: 'offending-ie', type: r.u16() }),
  encodingLength: () => 2,
};
