import type { IeCodec } from './ie-codec.ts';

/** Fixed one- and four-octet IEs of TS 29.274 §8. */
export interface RecoveryIe {
  ie: 'recovery';
  instance: number;
  restartCounter: number;
}
export interface EbiIe {
  ie: 'ebi';
  instance: number;
  ebi: number;
  /** Bits 8-5, spare: kept when a peer set them, so the IE re-encodes as received. */
  spare?: number;
}
export interface RatTypeIe {
  ie: 'rat-type';
  instance: number;
  ratType: number;
}
export interface PdnTypeIe {
  ie: 'pdn-type';
  instance: number;
  pdnType: number;
  /** Bits 8-4, spare, kept when set. */
  spare?: number;
}
export interface SelectionModeIe {
  ie: 'selection-mode';
  instance: number;
  mode: number;
  /** Bits 8-3, spare, kept when set (open5gs sends 0xfc | mode). */
  spare?: number;
}
export interface ChargingIdIe {
  ie: 'charging-id';
  instance: number;
  chargingId: number;
}
export interface AmbrIe {
  ie: 'ambr';
  instance: number;
  uplink: number;
  downlink: number;
}

/** Sets `field` to the octet's `mask` bits and `spare` to the others when any is set. */
function withSpare<T extends { spare?: number }>(ie: T, octet: number, mask: number, field: keyof T & string): T {
  (ie as Record<string, unknown>)[field] = octet & mask;
  if (octet & ~mask & 0xff) ie.spare = octet & ~mask & 0xff;
  return ie;
}

/** §8.5 Recovery: the restart counter. */
export const recovery: IeCodec<RecoveryIe> = {
  type: 3,
  name: 'recovery',
  encode: (v, w) => void w.u8(v.restartCounter, 'Recovery restart counter'),
  decode: (r, instance) => ({ ie: 'recovery', instance, restartCounter: r.at('Recovery').u8() }),
  encodingLength: () => 1,
};

/** §8.8 EPS Bearer ID: 4 spare bits, EBI in bits 4-1. */
export const ebi: IeCodec<EbiIe> = {
  type: 73,
  name: 'ebi',
  encode: (v, w) => void w.u8(((v.spare ?? 0) & 0xf0) | (v.ebi & 0x0f), 'EBI'),
  decode: (r, instance) => withSpare<EbiIe>({ ie: 'ebi', instance, ebi: 0 }, r.at('EBI').u8(), 0x0f, 'ebi'),
  encodingLength: () => 1,
};

/** §8.17 RAT Type (6 = EUTRAN, 1 = UTRAN, 2 = GERAN, 10 = NR ...). */
export const ratType: IeCodec<RatTypeIe> = {
  type: 82,
  name: 'rat-type',
  encode: (v, w) => void w.u8(v.ratType, 'RAT Type'),
  decode: (r, instance) => ({ ie: 'rat-type', instance, ratType: r.at('RAT Type').u8() }),
  encodingLength: () => 1,
};

/** §8.34 PDN Type: bits 3-1 (1 IPv4, 2 IPv6, 3 IPv4v6, 4 Non-IP, 5 Ethernet). */
export const pdnType: IeCodec<PdnTypeIe> = {
  type: 99,
  name: 'pdn-type',
  encode: (v, w) => void w.u8(((v.spare ?? 0) & 0xf8) | (v.pdnType & 0x07), 'PDN Type'),
  decode: (r, instance) =>
    withSpare<PdnTypeIe>({ ie: 'pdn-type', instance, pdnType: 0 }, r.at('PDN Type').u8(), 0x07, 'pdnType'),
  encodingLength: () => 1,
};

/** §8.58 Selection Mode: bits 2-1. */
export const selectionMode: IeCodec<SelectionModeIe> = {
  type: 128,
  name: 'selection-mode',
  encode: (v, w) => void w.u8(((v.spare ?? 0) & 0xfc) | (v.mode & 0x03), 'Selection Mode'),
  decode: (r, instance) =>
    withSpare<SelectionModeIe>({ ie: 'selection-mode', instance, mode: 0 }, r.at('Selection Mode').u8(), 0x03, 'mode'),
  encodingLength: () => 1,
};

/** §8.29 Charging ID. */
export const chargingId: IeCodec<ChargingIdIe> = {
  type: 94,
  name: 'charging-id',
  encode: (v, w) => void w.u32(v.chargingId, 'Charging ID'),
  decode: (r, instance) => ({ ie: 'charging-id', instance, chargingId: r.at('Charging ID').u32() }),
  encodingLength: () => 4,
};

/** §8.7 Aggregate Maximum Bit Rate (APN-AMBR): uplink and downlink in kbps. */
export const ambr: IeCodec<AmbrIe> = {
  type: 72,
  name: 'ambr',
  encode: (v, w) => void w.u32(v.uplink, 'APN-AMBR uplink').u32(v.downlink, 'APN-AMBR downlink'),
  decode: (r, instance) => ({ ie: 'ambr', instance, uplink: r.at('APN-AMBR').u32(), downlink: r.u32() }),
  encodingLength: () => 8,
};
