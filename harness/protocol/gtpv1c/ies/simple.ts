import type { IeCodec } from './ie-codec.ts';
import { spareOf, writeWithSpare } from './ie-codec.ts';

/** Fixed-length TV IEs of TS 29.060 §7.7 and the one-octet RAT Type. */
export interface CauseIe {
  ie: 'cause';
  value: number;
}
export interface RecoveryIe {
  ie: 'recovery';
  restartCounter: number;
}
export interface TeidDataIIe {
  ie: 'teid-data-i';
  teid: number;
}
export interface TeidControlPlaneIe {
  ie: 'teid-control-plane';
  teid: number;
}
export interface ChargingIdIe {
  ie: 'charging-id';
  chargingId: number;
}
export interface ChargingCharacteristicsIe {
  ie: 'charging-characteristics';
  value: number;
}
export interface RatTypeIe {
  ie: 'rat-type';
  ratType: number;
}
/** §7.7.6 Reordering Required: bit 1; bits 8-2 spare, sent as ones. */
export interface ReorderingRequiredIe {
  ie: 'reordering-required';
  required: boolean;
  spare?: number;
}
/** §7.7.16 Teardown Ind: bit 1; bits 8-2 spare, sent as ones. */
export interface TeardownIndIe {
  ie: 'teardown-ind';
  teardown: boolean;
  spare?: number;
}
/** §7.7.12 Selection Mode: bits 2-1 (0 MS or network provided APN, subscription verified; 1 MS provided, not verified; 2 network provided, not verified); bits 8-3 spare, sent as ones. */
export interface SelectionModeIe {
  ie: 'selection-mode';
  mode: number;
  spare?: number;
}
/** §7.7.17 NSAPI: bits 4-1; bits 8-5 spare, sent as zeros. */
export interface NsapiIe {
  ie: 'nsapi';
  nsapi: number;
  spare?: number;
}

/** §7.7.1 Cause. */
export const cause: IeCodec<CauseIe> = {
  type: 1,
  name: 'cause',
  tvLength: 1,
  encode: (v, w) => void w.u8(v.value, 'Cause'),
  decode: (r) => ({ ie: 'cause', value: r.u8() }),
  encodingLength: () => 1,
};

/** §7.7.11 Recovery: the restart counter (TS 23.007 §18). */
export const recovery: IeCodec<RecoveryIe> = {
  type: 14,
  name: 'recovery',
  tvLength: 1,
  encode: (v, w) => void w.u8(v.restartCounter, 'Recovery'),
  decode: (r) => ({ ie: 'recovery', restartCounter: r.u8() }),
  encodingLength: () => 1,
};

/** §7.7.13 Tunnel Endpoint Identifier Data I. */
export const teidDataI: IeCodec<TeidDataIIe> = {
  type: 16,
  name: 'teid-data-i',
  tvLength: 4,
  encode: (v, w) => void w.u32(v.teid, 'TEID Data I'),
  decode: (r) => ({ ie: 'teid-data-i', teid: r.u32() }),
  encodingLength: () => 4,
};

/** §7.7.14 Tunnel Endpoint Identifier Control Plane. */
export const teidControlPlane: IeCodec<TeidControlPlaneIe> = {
  type: 17,
  name: 'teid-control-plane',
  tvLength: 4,
  encode: (v, w) => void w.u32(v.teid, 'TEID Control Plane'),
  decode: (r) => ({ ie: 'teid-control-plane', teid: r.u32() }),
  encodingLength: () => 4,
};

/** §7.7.23 Charging Characteristics (TS 32.251 Annex A), kept as the 16 bits sent. */
export const chargingCharacteristics: IeCodec<ChargingCharacteristicsIe> = {
  type: 26,
  name: 'charging-characteristics',
  tvLength: 2,
  encode: (v, w) => void w.u16(v.value, 'Charging Characteristics'),
  decode: (r) => ({ ie: 'charging-characteristics', value: r.u16() }),
  encodingLength: () => 2,
};

/** §7.7.26 Charging ID. */
export const chargingId: IeCodec<ChargingIdIe> = {
  type: 127,
  name: 'charging-id',
  tvLength: 4,
  encode: (v, w) => void w.u32(v.chargingId, 'Charging ID'),
  decode: (r) => ({ ie: 'charging-id', chargingId: r.u32() }),
  encodingLength: () => 4,
};

/** §7.7.50 RAT Type (1 UTRAN, 2 GERAN, 3 WLAN, 4 GAN, 5 HSPA Evolution, 6 EUTRAN). */
export const ratType: IeCodec<RatTypeIe> = {
  type: 151,
  name: 'rat-type',
  encode: (v, w) => void w.u8(v.ratType, 'RAT Type'),
  decode: (r) => ({ ie: 'rat-type', ratType: r.u8() }),
  encodingLength: () => 1,
};

export const reorderingRequired: IeCodec<ReorderingRequiredIe> = {
  type: 8,
  name: 'reordering-required',
  tvLength: 1,
  encode: (v, w) => writeWithSpare(w, v.required ? 1 : 0, 0x01, v.spare, 0xfe, 'Reordering Required'),
  decode(r) {
    const o = r.u8();
    const spare = spareOf(o, 0x01, 0xfe);
    return { ie: 'reordering-required', required: (o & 1) === 1, ...(spare === undefined ? {} : { spare }) };
  },
  encodingLength: () => 1,
};

export const teardownInd: IeCodec<TeardownIndIe> = {
  type: 19,
  name: 'teardown-ind',
  tvLength: 1,
  encode: (v, w) => writeWithSpare(w, v.teardown ? 1 : 0, 0x01, v.spare, 0xfe, 'Teardown Ind'),
  decode(r) {
    const o = r.u8();
    const spare = spareOf(o, 0x01, 0xfe);
    return { ie: 'teardown-ind', teardown: (o & 1) === 1, ...(spare === undefined ? {} : { spare }) };
  },
  encodingLength: () => 1,
};

export const selectionMode: IeCodec<SelectionModeIe> = {
  type: 15,
  name: 'selection-mode',
  tvLength: 1,
  encode: (v, w) => writeWithSpare(w, v.mode, 0x03, v.spare, 0xfc, 'Selection Mode'),
  decode(r) {
    const o = r.u8();
    const spare = spareOf(o, 0x03, 0xfc);
    return { ie: 'selection-mode', mode: o & 0x03, ...(spare === undefined ? {} : { spare }) };
  },
  encodingLength: () => 1,
};

export const nsapi: IeCodec<NsapiIe> = {
  type: 20,
  name: 'nsapi',
  tvLength: 1,
  encode: (v, w) => writeWithSpare(w, v.nsapi, 0x0f, v.spare, 0x00, 'NSAPI'),
  decode(r) {
    const o = r.u8();
    const spare = spareOf(o, 0x0f, 0x00);
    return { ie: 'nsapi', nsapi: o & 0x0f, ...(spare === undefined ? {} : { spare }) };
  },
  encodingLength: () => 1,
};
