import { readPlmn, writePlmn, type Plmn } from '../../common/plmn.ts';
import type { IeCodec } from './ie-codec.ts';

/** §8.18 Serving Network: the PLMN. */
export interface ServingNetworkIe extends Plmn { ie: 'serving-network'; instance: number }

export const servingNetwork: IeCodec<ServingNetworkIe> = {
  type: 83,
  name: 'serving-network',
  encode: (v, w) => writePlmn(w, v),
  decode: (r, instance) => ({ ie: 'serving-network', instance, ...readPlmn(r.at('Serving Network')) }),
  encodingLength: () => 3,
};

/**
 * §8.21 User Location Information: a flags octet, then the present parts in flag order
 * CGI, SAI, RAI, TAI, ECGI, LAI, Macro eNodeB ID, Extended Macro eNodeB ID. TAI (§8.21.4) and
 * ECGI (§8.21.5) are decoded; the others are kept as their octets.
 */
export interface Tai extends Plmn { tac: number }
export interface Ecgi extends Plmn { eci: number }

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

const RAW_PARTS = [
  ['cgi', 0x01, 7],
  ['sai', 0x02, 7],
  ['rai', 0x04, 7],
] as const;
const RAW_TAIL = [
  ['lai', 0x20, 5],
  ['macroEnbId', 0x40, 6],
  ['extendedMacroEnbId', 0x80, 6],
] as const;

export const uli: IeCodec<UliIe> = {
  type: 86,
  name: 'uli',
  encode(v, w) {
    let flags = 0;
    for (const [k, bit] of [...RAW_PARTS, ...RAW_TAIL]) if (v[k]) flags |= bit;
    if (v.tai) flags |= 0x08;
    if (v.ecgi) flags |= 0x10;
    w.u8(flags);
    for (const [k, , len] of RAW_PARTS) if (v[k]) w.bytes(fixed(v[k]!, len));
    if (v.tai) {
      writePlmn(w, v.tai);
      w.u16(v.tai.tac, 'TAC');
    }
    if (v.ecgi) {
      writePlmn(w, v.ecgi);
      w.u32(v.ecgi.eci & 0x0fffffff, 'ECI');
    }
    for (const [k, , len] of RAW_TAIL) if (v[k]) w.bytes(fixed(v[k]!, len));
  },
  decode(r, instance) {
    r.at('ULI');
    const flags = r.u8();
    const ie: UliIe = { ie: 'uli', instance };
    for (const [k, bit, len] of RAW_PARTS) if (flags & bit) ie[k] = r.bytes(len);
    if (flags & 0x08) ie.tai = { ...readPlmn(r), tac: r.u16() };
    if (flags & 0x10) ie.ecgi = { ...readPlmn(r), eci: r.u32() & 0x0fffffff };
    for (const [k, bit, len] of RAW_TAIL) if (flags & bit) ie[k] = r.bytes(len);
    return ie;
  },
  encodingLength(v) {
    let n = 1;
    for (const [k, , len] of [...RAW_PARTS, ...RAW_TAIL]) if (v[k]) n += len;
    return n + (v.tai ? 5 : 0) + (v.ecgi ? 7 : 0);
  },
};

function fixed(b: Buffer, len: number): Buffer {
  return b.length === len ? b : Buffer.concat([b, Buffer.alloc(len)]).subarray(0, len);
}
