import { EncodeError } from '../../common/decode-error.ts';
import type { IeCodec, IeExtra } from './ie-codec.ts';

/**
 * QoS enforcement IEs of a QER (TS 29.244 §7.5.2.5): §8.2.89 QFI, §8.2.7 Gate Status, §8.2.8 MBR,
 * §8.2.9 GBR (PDN Type is ies/pdn-type.ts).
 */
export interface QfiIe extends IeExtra {
  ie: 'qfi';
  /** Bits 6-1. */
  value: number;
  /** Bits 8-7, spare, kept when set. */
  spare?: number;
}

export const qfi: IeCodec<QfiIe> = {
  type: 124,
  name: 'qfi',
  encode(v, w) {
    if (v.value !== (v.value & 0x3f)) throw new EncodeError(w.protocol, 'QFI', `${v.value} is not in 0..63`);
    w.u8(((v.spare ?? 0) & 0xc0) | v.value);
  },
  decode(r) {
    const o = r.u8();
    const ie: QfiIe = { ie: 'qfi', value: o & 0x3f };
    if (o & 0xc0) ie.spare = o & 0xc0;
    return ie;
  },
  encodingLength: () => 1,
};

/** §8.2.7 Gate Status: UL gate (bits 4-3) and DL gate (bits 2-1), 0 = OPEN, 1 = CLOSED. */
export const GATE = { OPEN: 0, CLOSED: 1 } as const;

export interface GateStatusIe extends IeExtra {
  ie: 'gate-status';
  ul: number;
  dl: number;
  /** Bits 8-5, spare, kept when set. */
  spare?: number;
}

export const gateStatus: IeCodec<GateStatusIe> = {
  type: 25,
  name: 'gate-status',
  encode(v, w) {
    if (v.ul > 3 || v.dl > 3 || v.ul < 0 || v.dl < 0)
      throw new EncodeError(w.protocol, 'Gate Status', 'gates are 2-bit values');
    w.u8(((v.spare ?? 0) & 0xf0) | (v.ul << 2) | v.dl);
  },
  decode(r) {
    const o = r.u8();
    const ie: GateStatusIe = { ie: 'gate-status', ul: (o >> 2) & 0x03, dl: o & 0x03 };
    if (o & 0xf0) ie.spare = o & 0xf0;
    return ie;
  },
  encodingLength: () => 1,
};

/** §8.2.8 MBR / §8.2.9 GBR: uplink then downlink, kbps, 40 bits each. */
export interface BitRateIe<K extends 'mbr' | 'gbr'> extends IeExtra {
  ie: K;
  ulKbps: number;
  dlKbps: number;
}
export type MbrIe = BitRateIe<'mbr'>;
export type GbrIe = BitRateIe<'gbr'>;

const U40 = 2 ** 40;

function u40(w: Parameters<IeCodec<QfiIe>['encode']>[1], v: number, element: string): void {
  if (!Number.isInteger(v) || v < 0 || v >= U40)
    throw new EncodeError(w.protocol, element, `${v} is not a 40-bit rate`);
  w.u8(Math.floor(v / 2 ** 32)).u32(v % 2 ** 32, element);
}

function bitRateCodec<K extends 'mbr' | 'gbr'>(type: number, name: K, element: string): IeCodec<BitRateIe<K>> {
  return {
    type,
    name,
    encode(v, w) {
      u40(w, v.ulKbps, `${element} UL`);
      u40(w, v.dlKbps, `${element} DL`);
    },
    decode(r) {
      const ul = r.u8() * 2 ** 32 + r.u32();
      const dl = r.u8() * 2 ** 32 + r.u32();
      return { ie: name, ulKbps: ul, dlKbps: dl };
    },
    encodingLength: () => 10,
  };
}

export const mbr = bitRateCodec(26, 'mbr', 'MBR');
export const gbr = bitRateCodec(27, 'gbr', 'GBR');
