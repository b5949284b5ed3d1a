import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../../common/ip-bytes.ts';
import { EncodeError } from '../../common/decode-error.ts';
import type { IeCodec, IeExtra } from './ie-codec.ts';

/**
 * §8.2.62 UE IP Address. Octet 5: V6 (bit 1, IPv6 address present), V4 (bit 2, IPv4 address
 * present), S/D (bit 3, 1 = destination, in a PDI), IPv6D (bit 4, IPv6 Prefix Delegation Bits
 * present), CHV4 / CHV6 (bits 5, 6: the UP function chooses the address; V4 / V6 are then 0 and
 * the address absent), IP6PL (bit 7, Rel-16+: IPv6 Prefix Length present). Then IPv4, IPv6,
 * delegation bits and prefix length, each when flagged. §5.14: delegation bits or prefix length
 * 0 = the UP function decides the prefix length.
 */
export interface UeIpAddressIe extends IeExtra {
  ie: 'ue-ip-address';
  sourceOrDestination: 'source' | 'destination';
  ipv4?: string;
  ipv6?: string;
  chooseIpv4?: boolean;
  chooseIpv6?: boolean;
  ipv6PrefixDelegationBits?: number;
  ipv6PrefixLength?: number;
  /** Bit 8 of the flags octet, spare, kept when set. */
  spare?: number;
}

export const ueIpAddress: IeCodec<UeIpAddressIe> = {
  type: 93,
  name: 'ue-ip-address',
  encode(v, w) {
    w.u8(
      ((v.spare ?? 0) & 0x80) |
        (v.ipv6PrefixLength !== undefined ? 0x40 : 0) |
        (v.chooseIpv6 ? 0x20 : 0) |
        (v.chooseIpv4 ? 0x10 : 0) |
        (v.ipv6PrefixDelegationBits !== undefined ? 0x08 : 0) |
        (v.sourceOrDestination === 'destination' ? 0x04 : 0) |
        (v.ipv4 !== undefined ? 0x02 : 0) |
        (v.ipv6 !== undefined ? 0x01 : 0),
    );
    if (v.ipv4 !== undefined) writeIpv4(w, v.ipv4, 'UE IP Address IPv4');
    if (v.ipv6 !== undefined) writeIpv6(w, v.ipv6, 'UE IP Address IPv6');
    if (v.ipv6PrefixDelegationBits !== undefined)
      w.u8(v.ipv6PrefixDelegationBits, 'UE IP Address IPv6 Prefix Delegation Bits');
    if (v.ipv6PrefixLength !== undefined) {
      if (v.ipv6PrefixLength > 128)
        throw new EncodeError(w.protocol, 'UE IP Address', `IPv6 Prefix Length ${v.ipv6PrefixLength} > 128`);
      w.u8(v.ipv6PrefixLength, 'UE IP Address IPv6 Prefix Length');
    }
  },
  decode(r) {
    const flags = r.u8();
    const ie: UeIpAddressIe = { ie: 'ue-ip-address', sourceOrDestination: flags & 0x04 ? 'destination' : 'source' };
    if (flags & 0x02) ie.ipv4 = readIpv4(r);
    if (flags & 0x01) ie.ipv6 = readIpv6(r);
    if (flags & 0x80) ie.spare = 0x80;
    if (flags & 0x10) ie.chooseIpv4 = true;
    if (flags & 0x20) ie.chooseIpv6 = true;
    if (flags & 0x08) ie.ipv6PrefixDelegationBits = r.u8();
    if (flags & 0x40) {
      ie.ipv6PrefixLength = r.u8();
      if (ie.ipv6PrefixLength > 128) r.fail(`IPv6 Prefix Length ${ie.ipv6PrefixLength} > 128`, r.offset - 1);
    }
    return ie;
  },
  encodingLength: (v) =>
    1 +
    (v.ipv4 !== undefined ? 4 : 0) +
    (v.ipv6 !== undefined ? 16 : 0) +
    (v.ipv6PrefixDelegationBits !== undefined ? 1 : 0) +
    (v.ipv6PrefixLength !== undefined ? 1 : 0),
};
