import type { Codec } from '../../common/ie-format.ts';

/**
 * Integrity protection maximum data rate (TS 24.501 §9.11.4.7): for uplink, then for downlink
 * (0x00 64 kbps, 0x01 NULL, 0xff full data rate).
 */
export interface IntegrityProtectionMaximumDataRate {
  uplink: number;
  downlink: number;
}

export const integrityProtectionMaximumDataRate: Codec<IntegrityProtectionMaximumDataRate> = {
  name: 'Integrity protection maximum data rate',
  encode(v, w) {
    w.u8(v.uplink, 'maximum data rate per UE for integrity protection for uplink');
    w.u8(v.downlink, 'maximum data rate per UE for integrity protection for downlink');
  },
  decode: (r) => ({ uplink: r.u8(), downlink: r.u8() }),
  encodingLength: () => 2,
};
