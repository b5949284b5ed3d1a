import { Reader, Writer } from '../../../common/cursor.ts';
import { type Plmn, readPlmn, writePlmn } from '../../../common/plmn.ts';
import type { Codec } from '../../common/ie-format.ts';

/**
 * 5GS mobile identity (TS 24.501 §9.11.3.4), by type of identity (octet 4 bits 3-1): SUCI (SUPI
 * format IMSI with PLMN, routing indicator, protection scheme, home network public key
 * identifier and scheme output; or SUPI format NAI), 5G-GUTI, IMEI, 5G-S-TMSI, IMEISV, or no
 * identity. Other types (MAC address, EUI-64) and spare bits are kept as octets.
 */
export type MobileIdentity5gs =
  | {
      type: 'suci';
      supiFormat: 'imsi';
      plmn: Plmn;
      /** Routing indicator digits (1-4, TS 23.003 §2.2B), "0" when none. */
      routingIndicator: string;
      /** §9.11.3.4: 0 null scheme, 1 ECIES profile A, 2 ECIES profile B. */
      protectionScheme: number;
      homeNetworkPublicKeyId: number;
      /** The MSIN in BCD (null scheme) or the ECIES scheme output. */
      schemeOutput: Buffer;
    }
  | { type: 'suci'; supiFormat: 'nai'; nai: Buffer }
  | { type: '5g-guti'; plmn: Plmn; amfRegionId: number; amfSetId: number; amfPointer: number; tmsi: number }
  | { type: '5g-s-tmsi'; amfSetId: number; amfPointer: number; tmsi: number }
  | { type: 'imei' | 'imeisv'; digits: string }
  | { type: 'no-identity' }
  | { type: 'other'; octets: Buffer };

const TYPE = { 'no-identity': 0, suci: 1, '5g-guti': 2, imei: 3, '5g-s-tmsi': 4, imeisv: 5 } as const;

/** Routing indicator: 4 BCD digits in two octets (digit 2|1, digit 4|3), unused digits 0xF. */
function routingIndicatorOctets(ri: string): [number, number] {
  const d = [...ri].map((c) => c.charCodeAt(0) - 48);
  while (d.length < 4) d.push(0xf);
  return [(d[1] << 4) | d[0], (d[3] << 4) | d[2]];
}

function routingIndicatorDigits(a: number, b: number): string {
  let s = '';
  for (const n of [a & 0xf, a >> 4, b & 0xf, b >> 4]) {
    if (n === 0xf) break;
    s += String.fromCharCode(48 + n);
  }
  return s;
}

/** IMEI (15 digits) / IMEISV (16): digit 1 with odd/even and type, then digits two per octet, low nibble first. */
function digitOctets(digits: string, type: number): Buffer {
  const d = [...digits].map((c) => c.charCodeAt(0) - 48);
  const odd = d.length % 2;
  const out = [(d[0] << 4) | (odd << 3) | type];
  for (let i = 1; i < d.length; i += 2) out.push(((i + 1 < d.length ? d[i + 1] : 0xf) << 4) | d[i]);
  return Buffer.from(out);
}

function encodeIdentity(v: MobileIdentity5gs): Buffer {
  switch (v.type) {
    case 'suci': {
      if (v.supiFormat === 'nai') return Buffer.concat([Uint8Array.of(0x10 | TYPE.suci), v.nai]);
      const head = Buffer.alloc(8);
      head[0] = TYPE.suci;
      plmnInto(head, 1, v.plmn);
      const [a, b] = routingIndicatorOctets(v.routingIndicator);
      head[4] = a;
      head[5] = b;
      head[6] = v.protectionScheme & 0x0f;
      head[7] = v.homeNetworkPublicKeyId;
      return Buffer.concat([head, v.schemeOutput]);
    }
    case '5g-guti': {
      const b = Buffer.alloc(11);
      b[0] = 0xf0 | TYPE['5g-guti'];
      plmnInto(b, 1, v.plmn);
      b[4] = v.amfRegionId;
      b.writeUInt16BE(((v.amfSetId & 0x3ff) << 6) | (v.amfPointer & 0x3f), 5);
      b.writeUInt32BE(v.tmsi >>> 0, 7);
      return b;
    }
    case '5g-s-tmsi': {
      const b = Buffer.alloc(7);
      b[0] = 0xf0 | TYPE['5g-s-tmsi'];
      b.writeUInt16BE(((v.amfSetId & 0x3ff) << 6) | (v.amfPointer & 0x3f), 1);
      b.writeUInt32BE(v.tmsi >>> 0, 3);
      return b;
    }
    case 'imei':
    case 'imeisv':
      return digitOctets(v.digits, TYPE[v.type]);
    case 'no-identity':
      return Buffer.from([TYPE['no-identity']]);
    case 'other':
      return v.octets;
  }
}

function plmnInto(b: Buffer, at: number, plmn: Plmn): void {
  writePlmn(new Writer(b, at, 'nas'), plmn);
}

function decodeIdentity(b: Buffer): MobileIdentity5gs {
  const other = (): MobileIdentity5gs => ({ type: 'other', octets: b });
  if (b.length === 0) return other();
  const t = b[0] & 0x07;
  try {
    let v: MobileIdentity5gs | undefined;
    if (t === TYPE.suci && (b[0] & 0xf8) === 0x10) v = { type: 'suci', supiFormat: 'nai', nai: b.subarray(1) };
    else if (t === TYPE.suci && (b[0] & 0xf8) === 0 && b.length >= 8) {
      v = {
        type: 'suci',
        supiFormat: 'imsi',
        plmn: plmnFrom(b, 1),
        routingIndicator: routingIndicatorDigits(b[4], b[5]),
        protectionScheme: b[6] & 0x0f,
        homeNetworkPublicKeyId: b[7],
        schemeOutput: b.subarray(8),
      };
    } else if (t === TYPE['5g-guti'] && b.length === 11) {
      const sp = b.readUInt16BE(5);
      v = {
        type: '5g-guti',
        plmn: plmnFrom(b, 1),
        amfRegionId: b[4],
        amfSetId: sp >> 6,
        amfPointer: sp & 0x3f,
        tmsi: b.readUInt32BE(7),
      };
    } else if (t === TYPE['5g-s-tmsi'] && b.length === 7) {
      const sp = b.readUInt16BE(1);
      v = { type: '5g-s-tmsi', amfSetId: sp >> 6, amfPointer: sp & 0x3f, tmsi: b.readUInt32BE(3) };
    } else if ((t === TYPE.imei || t === TYPE.imeisv) && b.length >= 1) {
      let s = String.fromCharCode(48 + (b[0] >> 4));
      for (let i = 1; i < b.length; i++) {
        s += String.fromCharCode(48 + (b[i] & 0xf));
        if (i < b.length - 1 || (b[0] & 0x08) !== 0) s += String.fromCharCode(48 + (b[i] >> 4));
      }
      v = { type: t === TYPE.imei ? 'imei' : 'imeisv', digits: s };
    } else if (t === TYPE['no-identity']) v = { type: 'no-identity' };
    // Anything that does not re-encode to the same octets (spare bits, fillers, non-BCD digits)
    // is kept as octets.
    if (v && /^[0-9]*$/.test('digits' in v ? v.digits : '0') && encodeIdentity(v).equals(b)) return v;
  } catch {
    // A field that does not parse (a non-BCD PLMN): kept as octets.
  }
  return other();
}

function plmnFrom(b: Buffer, at: number): Plmn {
  return readPlmn(Reader.of(b, 'nas', at, at + 3));
}

export const mobileIdentity5gs: Codec<MobileIdentity5gs> = {
  name: '5GS mobile identity',
  encode(v, w) {
    w.bytes(encodeIdentity(v));
  },
  decode(r) {
    return decodeIdentity(r.rest());
  },
  encodingLength: (v) => encodeIdentity(v).length,
};

/** The SUCI of an IMSI under the null scheme (§9.11.3.4: scheme output = MSIN in BCD, filler 0xF). */
export function suciNullScheme(plmn: Plmn, msin: string, routingIndicator = '0'): MobileIdentity5gs {
  const d = [...msin].map((c) => c.charCodeAt(0) - 48);
  const out: number[] = [];
  for (let i = 0; i < d.length; i += 2) out.push(((i + 1 < d.length ? d[i + 1] : 0xf) << 4) | d[i]);
  return {
    type: 'suci',
    supiFormat: 'imsi',
    plmn,
    routingIndicator,
    protectionScheme: 0,
    homeNetworkPublicKeyId: 0,
    schemeOutput: Buffer.from(out),
  };
}
