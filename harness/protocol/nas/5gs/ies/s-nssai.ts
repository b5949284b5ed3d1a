import type { Codec } from '../../common/ie-format.ts';

/**
 * S-NSSAI (TS 24.501 §9.11.2.8): SST; SST and mapped HPLMN SST (length 2); SST and SD (4);
 * then mapped HPLMN SST (5) and mapped HPLMN SD (8).
 */
export interface SNssai {
  sst: number;
  sd?: number;
  mappedSst?: number;
  mappedSd?: number;
}

const LENGTHS = new Set([1, 2, 4, 5, 8]);

function length(v: SNssai): number {
  if (v.sd === undefined) return v.mappedSst === undefined ? 1 : 2;
  if (v.mappedSst === undefined) return 4;
  return v.mappedSd === undefined ? 5 : 8;
}

export const sNssai: Codec<SNssai> = {
  name: 'S-NSSAI',
  encode(v, w) {
    w.u8(v.sst, 'SST');
    if (v.sd !== undefined) w.u24(v.sd, 'SD');
    if (v.mappedSst !== undefined) w.u8(v.mappedSst, 'mapped HPLMN SST');
    if (v.sd !== undefined && v.mappedSd !== undefined) w.u24(v.mappedSd, 'mapped HPLMN SD');
  },
  decode(r) {
    const n = r.remaining;
    if (!LENGTHS.has(n)) r.fail(`S-NSSAI of ${n} octets (1, 2, 4, 5 or 8)`);
    const v: SNssai = { sst: r.u8() };
    if (n >= 4) v.sd = r.u24();
    if (n === 2 || n >= 5) v.mappedSst = r.u8();
    if (n === 8) v.mappedSd = r.u24();
    return v;
  },
  encodingLength: length,
};
