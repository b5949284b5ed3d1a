import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../../common/ip-bytes.ts';
import { EncodeError } from '../../common/decode-error.ts';
import type { IeCodec, IeExtra } from './ie-codec.ts';

/**
 * §8.2.56 Outer Header Creation description, octets 5-6 as one 16-bit value. Octet 5: bit 1
 * GTP-U/UDP/IPv4, 2 GTP-U/UDP/IPv6, 3 UDP/IPv4, 4 UDP/IPv6, 5 IPv4, 6 IPv6, 7 C-TAG, 8 S-TAG;
 * octet 6: bit 1 N19 Indication, bit 2 N6 Indication.
 */
export const OUTER_HEADER_CREATION = {
  GTPU_UDP_IPV4: 0x0100,
  GTPU_UDP_IPV6: 0x0200,
  UDP_IPV4: 0x0400,
  UDP_IPV6: 0x0800,
  IPV4: 0x1000,
  IPV6: 0x2000,
  C_TAG: 0x4000,
  S_TAG: 0x8000,
  N19: 0x0001,
  N6: 0x0002,
} as const;

const TEID = 0x0300;
const IPV4 = 0x1500;
const IPV6 = 0x2a00;
const PORT = 0x0c00;

/**
 * §8.2.56 Outer Header Creation: description, then TEID (GTP-U), IPv4 address (any IPv4 bit),
 * IPv6 address (any IPv6 bit), port number (UDP), C-TAG and S-TAG (3 octets each), as the
 * description requires.
 */
export interface OuterHeaderCreationIe extends IeExtra {
  ie: 'outer-header-creation';
  description: number;
  teid?: number;
  ipv4?: string;
  ipv6?: string;
  port?: number;
  cTag?: Buffer;
  sTag?: Buffer;
}

function need<T>(v: T | undefined, field: string, protocol: string): T {
  if (v === undefined) throw new EncodeError(protocol, 'Outer Header Creation', `the description requires ${field}`);
  return v;
}

function tag(b: Buffer, field: string, protocol: string): Buffer {
  if (b.length !== 3) throw new EncodeError(protocol, 'Outer Header Creation', `${field} must be 3 octets`);
  return b;
}

export const outerHeaderCreation: IeCodec<OuterHeaderCreationIe> = {
  type: 84,
  name: 'outer-header-creation',
  encode(v, w) {
    const d = v.description;
    const p = w.protocol;
    w.u16(d, 'Outer Header Creation description');
    if (d & TEID) w.u32(need(v.teid, 'a TEID', p), 'Outer Header Creation TEID');
    if (d & IPV4) writeIpv4(w, need(v.ipv4, 'an IPv4 address', p), 'Outer Header Creation IPv4');
    if (d & IPV6) writeIpv6(w, need(v.ipv6, 'an IPv6 address', p), 'Outer Header Creation IPv6');
    if (d & PORT) w.u16(need(v.port, 'a port number', p), 'Outer Header Creation port');
    if (d & OUTER_HEADER_CREATION.C_TAG) w.bytes(tag(need(v.cTag, 'a C-TAG', p), 'C-TAG', p));
    if (d & OUTER_HEADER_CREATION.S_TAG) w.bytes(tag(need(v.sTag, 'an S-TAG', p), 'S-TAG', p));
  },
  decode(r) {
    const d = r.u16();
    const ie: OuterHeaderCreationIe = { ie: 'outer-header-creation', description: d };
    if (d & TEID) ie.teid = r.u32();
    if (d & IPV4) ie.ipv4 = readIpv4(r);
    if (d & IPV6) ie.ipv6 = readIpv6(r);
    if (d & PORT) ie.port = r.u16();
    if (d & OUTER_HEADER_CREATION.C_TAG) ie.cTag = r.bytes(3);
    if (d & OUTER_HEADER_CREATION.S_TAG) ie.sTag = r.bytes(3);
    return ie;
  },
  encodingLength(v) {
    const d = v.description;
    return (
      2 +
      (d & TEID ? 4 : 0) +
      (d & IPV4 ? 4 : 0) +
      (d & IPV6 ? 16 : 0) +
      (d & PORT ? 2 : 0) +
      (d & OUTER_HEADER_CREATION.C_TAG ? 3 : 0) +
      (d & OUTER_HEADER_CREATION.S_TAG ? 3 : 0)
    );
  },
};
