import { readPlmn, writePlmn, type Plmn } from '../../common/plmn.ts';
import type { IeCodec } from './ie-codec.ts';

/** §8.18 Serving Network: the PLMN. */
export interface ServingNetworkIe extends Plmn {
  ie: 'serving-network';
  instance: number;
}

export const servingNetwork: IeCodec<ServingNetworkIe> = {
  type: 83,
  name: 'serving-network',
  encode: (v, w) => writePlmn(w, v),
  decode(r, instance) {
    const p = readPlmn(r.at('Serving Network'));
    return { ie: 'serving-network', instance, mcc: p.mcc, mnc: p.mnc };
  },
  encodingLength: () => 3,
};

/**
 * §8.21 User Location Information: a flags octet, then the present parts in flag order
 * CGI, SAI, RAI, TAI, ECGI, LAI, Macro eNodeB ID, Extended Macro eNodeB ID. TAI (§8.21.4) and
 * ECGI (§8.21.5) are decoded; the others are kept as their octets.
 */
export interface Tai extends Plmn {
  tac: number;
}
export interface Ecgi extends Plmn {
  eci: number;
  /** Bits 8-5 of the ECI's first octet, spare, kept when set. */
  spare?: number;
}

export interface UliIe {
  ie: 'uli';
  instance: number;
  cgi?: Buffer;
  sai?: Buffer;
  rai?: Buffer;
  tai?: Tai;
  ecgi?: Ecgi;
  lai?: Buffer;
  macroEnbId?: Buffer;
  extendedMacroEnbId?: Buffer;
}

export const uli: IeCodec<UliIe> = {
  type: 86,
  name: 'uli',
  encode(v, w) {
    const flags =
      (v.cgi ? 0x01 : 0) |
      (v.sai ? 0x02 : 0) |
      (v.rai ? 0x04 : 0) |
      (v.tai ? 0x08 : 0) |
      (v.ecgi ? 0x10 : 0) |
      (v.lai ? 0x20 : 0) |
      (v.macroEnbId ? 0x40 : 0) |
      (v.extendedMacroEnbId ? 0x80 : 0);
    w.u8(flags);
    if (v.cgi) w.bytes(fixed(v.cgi, 7));
    if (v.sai) w.bytes(fixed(v.sai, 7));
    if (v.rai) w.bytes(fixed(v.rai, 7));
    if (v.tai) {
      writePlmn(w, v.tai);
      w.u16(v.tai.tac, 'TAC');
    }
    if (v.ecgi) {
      writePlmn(w, v.ecgi);
      w.u32(((((v.ecgi.spare ?? 0) & 0xf0) << 24) | (v.ecgi.eci & 0x0fffffff)) >>> 0, 'ECI');
    }
    if (v.lai) w.bytes(fixed(v.lai, 5));
    if (v.macroEnbId) w.bytes(fixed(v.macroEnbId, 6));
    if (v.extendedMacroEnbId) w.bytes(fixed(v.extendedMacroEnbId, 6));
  },
  decode(r, instance) {
    r.at('ULI');
    const flags = r.u8();
    const ie: UliIe = { ie: 'uli', instance };
    if (flags & 0x01) ie.cgi = r.bytes(7);
    if (flags & 0x02) ie.sai = r.bytes(7);
    if (flags & 0x04) ie.rai = r.bytes(7);
    if (flags & 0x08) {
      const p = readPlmn(r);
      ie.tai = { mcc: p.mcc, mnc: p.mnc, tac: r.u16() };
    }
    if (flags & 0x10) {
      const p = readPlmn(r);
      const eci = r.u32();
      ie.ecgi = { mcc: p.mcc, mnc: p.mnc, eci: eci & 0x0fffffff };
      if (eci >>> 28) ie.ecgi.spare = (eci >>> 24) & 0xf0;
    }
    if (flags & 0x20) ie.lai = r.bytes(5);
    if (flags & 0x40) ie.macroEnbId = r.bytes(6);
    if (flags & 0x80) ie.extendedMacroEnbId = r.bytes(6);
    return ie;
  },
  encodingLength: (v) =>
    1 +
    (v.cgi ? 7 : 0) +
    (v.sai ? 7 : 0) +
    (v.rai ? 7 : 0) +
    (v.tai ? 5 : 0) +
    (v.ecgi ? 7 : 0) +
    (v.lai ? 5 : 0) +
    (v.macroEnbId ? 6 : 0) +
    (v.extendedMacroEnbId ? 6 : 0),
};

function fixed(b: Buffer, len: number): Buffer {
  return b.length === len ? b : Buffer.concat([b, Buffer.alloc(len)]).subarray(0, len);
}
