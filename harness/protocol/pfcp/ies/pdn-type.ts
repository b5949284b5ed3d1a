import type { IeCodec, IeExtra } from './ie-codec.ts';

/**
 * §8.2.79 PDN Type: bits 3-1 of octet 5 (1 IPv4, 2 IPv6, 3 IPv4v6, 4 Non-IP, 5 Ethernet); in a
 * Session Establishment Request for a PDN connection it is conditional-mandatory (Table 7.5.2.1-1).
 */
export const PFCP_PDN_TYPE = { ipv4: 1, ipv6: 2, ipv4v6: 3, 'non-ip': 4, ethernet: 5 } as const;

export interface PdnTypeIe extends IeExtra {
  ie: 'pdn-type';
  pdnType: number;
  /** Bits 8-4, spare, kept when set. */
  spare?: number;
}

export const pdnType: IeCodec<PdnTypeIe> = {
  type: 113,
  name: 'pdn-type',
  encode: (v, w) => void w.u8(((v.spare ?? 0) & 0xf8) | (v.pdnType & 0x07)),
  decode(r) {
    const o = r.u8();
    return { ie: 'pdn-type', pdnType: o & 0x07, ...(o & 0xf8 ? { spare: o & 0xf8 } : {}) };
  },
  encodingLength: () => 1,
};
