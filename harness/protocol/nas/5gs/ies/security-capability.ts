import type { Codec } from '../../common/ie-format.ts';

/**
 * UE security capability (TS 24.501 §9.11.3.54): 5G-EA0..7 and 5G-IA0..7 bitmaps (bit 8 = EA0),
 * optionally EEA0..7 and EIA0..7, then spare octets (kept).
 */
export interface UeSecurityCapability {
  ea: number;
  ia: number;
  eea?: number;
  eia?: number;
  spare?: Buffer;
}

export const ueSecurityCapability: Codec<UeSecurityCapability> = {
  name: 'UE security capability',
  encode(v, w) {
    w.u8(v.ea, '5G-EA').u8(v.ia, '5G-IA');
    if (v.eea !== undefined || v.eia !== undefined) w.u8(v.eea ?? 0, 'EEA').u8(v.eia ?? 0, 'EIA');
    if (v.spare) w.bytes(v.spare);
  },
  decode(r) {
    const v: UeSecurityCapability = { ea: r.u8(), ia: r.u8() };
    if (r.remaining >= 2) {
      v.eea = r.u8();
      v.eia = r.u8();
    }
    if (r.remaining > 0) v.spare = r.rest();
    return v;
  },
  encodingLength: (v) => 2 + (v.eea !== undefined || v.eia !== undefined ? 2 : 0) + (v.spare?.length ?? 0),
};

/** Bit of algorithm n (0..7) in a capability octet: bit 8 is algorithm 0. */
export const algorithmBit = (n: number): number => 0x80 >> n;
