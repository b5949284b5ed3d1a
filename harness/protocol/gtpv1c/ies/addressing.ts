import type { Reader, Writer } from '../../common/cursor.ts';
import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../../common/ip-bytes.ts';
import type { IeCodec } from './ie-codec.ts';
import { spareOf, writeWithSpare } from './ie-codec.ts';

/**
 * §7.7.27 End User Address: spare bits 8-5 (sent as ones), PDP type organisation (0 ETSI, 1 IETF),
 * PDP type number (IETF: 0x21 IPv4, 0x57 IPv6, 0x8D IPv4v6), then the address part whose length
 * says which addresses are present (0 = dynamic, 4 IPv4, 16 IPv6, 20 both).
 */
export interface EndUserAddressIe {
  ie: 'end-user-address';
  pdpTypeOrganization: number;
  pdpType: number;
  ipv4?: string;
  ipv6?: string;
  spare?: number;
}

export const endUserAddress: IeCodec<EndUserAddressIe> = {
  type: 128,
  name: 'end-user-address',
  encode(v, w) {
    writeWithSpare(w, v.pdpTypeOrganization, 0x0f, v.spare, 0xf0, 'PDP type organisation');
    w.u8(v.pdpType, 'PDP type number');
    if (v.ipv4) writeIpv4(w, v.ipv4, 'EUA IPv4');
    if (v.ipv6) writeIpv6(w, v.ipv6, 'EUA IPv6');
  },
  decode(r) {
    r.at('End User Address');
    const o = r.u8();
    const spare = spareOf(o, 0x0f, 0xf0);
    const ie: EndUserAddressIe = { ie: 'end-user-address', pdpTypeOrganization: o & 0x0f, pdpType: r.u8() };
    if (spare !== undefined) ie.spare = spare;
    if (r.remaining === 4) ie.ipv4 = readIpv4(r);
    else if (r.remaining === 16) ie.ipv6 = readIpv6(r);
    else if (r.remaining === 20) {
      ie.ipv4 = readIpv4(r);
      ie.ipv6 = readIpv6(r);
    } else if (r.remaining !== 0) r.fail(`address part of ${r.remaining} octets (0, 4, 16 or 20)`);
    return ie;
  },
  encodingLength: (v) => 2 + (v.ipv4 ? 4 : 0) + (v.ipv6 ? 16 : 0),
};

/** An IPv4 or IPv6 address, told apart by the IE length (4 or 16). */
function address<K extends 'gsn-address' | 'charging-gateway-address'>(
  type: number,
  name: K,
  label: string,
): IeCodec<{ ie: K; address: string }> {
  return {
    type,
    name,
    encode: (v, w: Writer) =>
      v.address.includes(':') ? writeIpv6(w, v.address, label) : writeIpv4(w, v.address, label),
    decode(r: Reader) {
      r.at(label);
      if (r.remaining === 4) return { ie: name, address: readIpv4(r) };
      if (r.remaining === 16) return { ie: name, address: readIpv6(r) };
      return r.fail(`length ${r.remaining}, must be 4 or 16`);
    },
    encodingLength: (v) => (v.address.includes(':') ? 16 : 4),
  };
}

/** §7.7.32 GSN Address: the order in a message says which (control plane first, then user plane). */
export interface GsnAddressIe {
  ie: 'gsn-address';
  address: string;
}
/** §7.7.44 Charging Gateway Address. */
export interface ChargingGatewayAddressIe {
  ie: 'charging-gateway-address';
  address: string;
}

export const gsnAddress: IeCodec<GsnAddressIe> = address(133, 'gsn-address', 'GSN Address');
export const chargingGatewayAddress: IeCodec<ChargingGatewayAddressIe> = address(
  251,
  'charging-gateway-address',
  'Charging Gateway Address',
);
