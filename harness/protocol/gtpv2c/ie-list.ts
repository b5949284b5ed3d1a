import type { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { apn } from './ies/apn.ts';
import { fteid, ipAddress, paa } from './ies/addressing.ts';
import { cause } from './ies/cause.ts';
import { imsi, mei, msisdn } from './ies/identities.ts';
import type { IeCodec } from './ies/ie-codec.ts';
import { indicationCodec } from './ies/indication.ts';
import type { BearerContextIe, Gtpv2cIe } from './ies/index.ts';
import { servingNetwork, uli } from './ies/location.ts';
import { apco, pco, privateExtension } from './ies/options.ts';
import { bearerQos } from './ies/qos.ts';
import { ambr, chargingId, ebi, pdnType, ratType, recovery, selectionMode } from './ies/simple.ts';

/**
 * IE lists (TS 29.274 §8.2.1): every IE is type (1 octet), length (2, of the value), spare and
 * instance (1), value. One table maps type numbers and names to value codecs; an IE whose type is
 * not in the table is kept as its octets and written back unchanged.
 */
type AnyCodec = IeCodec<{ ie: string; instance: number }>;

/** §8.28 Bearer Context, grouped. */
const bearerContext: IeCodec<BearerContextIe> = {
  type: 93,
  name: 'bearer-context',
  encode: (v, w) => writeIes(w, v.ies),
  decode: (r, instance) => ({ ie: 'bearer-context', instance, ies: readIes(r) }),
  encodingLength: (v) => iesLength(v.ies),
};

const CODECS = [
  imsi,
  cause,
  recovery,
  apn,
  ambr,
  ebi,
  ipAddress,
  mei,
  msisdn,
  indicationCodec,
  pco,
  paa,
  bearerQos,
  ratType,
  servingNetwork,
  uli,
  fteid,
  bearerContext,
  chargingId,
  pdnType,
  selectionMode,
  apco,
  privateExtension,
] as unknown as AnyCodec[];

/** Indexed by IE type (one octet): an array lookup on the decode path. */
const BY_TYPE: (AnyCodec | undefined)[] = new Array<AnyCodec | undefined>(256).fill(undefined);
for (const c of CODECS) BY_TYPE[c.type] = c;
const BY_NAME = new Map<string, AnyCodec>(CODECS.map((c) => [c.name, c]));

/** Largest IE value: the length field is 2 octets (§8.2.1). */
const MAX_IE_LENGTH = 0xffff;

/** The IE type number of a named IE. */
export function ieType(name: Gtpv2cIe['ie']): number | undefined {
  return BY_NAME.get(name)?.type;
}

function valueLength(ie: Gtpv2cIe): number {
  const base = ie.ie === 'unknown' ? ie.data.length : BY_NAME.get(ie.ie)!.encodingLength(ie);
  return base + (ie.extra?.length ?? 0);
}

/** Bits 8-5 of an IE header's fourth octet (§8.2.1: spare; CR flag in some IEs), kept when set. */
const HEADER_SPARE = 0xf0;

export function iesLength(ies: readonly Gtpv2cIe[]): number {
  let n = 0;
  for (const ie of ies) n += 4 + valueLength(ie);
  return n;
}

/**
 * Writes the IEs; each length field is reserved and filled in after its value is written, so no
 * IE's length is computed twice (grouped IEs nest the same way).
 */
export function writeIes(w: Writer, ies: readonly Gtpv2cIe[]): void {
  for (const ie of ies) {
    let at: number;
    if (ie.ie === 'unknown') {
      w.u8(ie.type, 'IE type');
      at = w.reserve(2);
      w.u8(((ie.headerSpare ?? 0) & HEADER_SPARE) | (ie.instance & 0x0f)).bytes(ie.data);
    } else {
      const codec = BY_NAME.get(ie.ie);
      if (!codec) throw new EncodeError('gtpv2c', ie.ie, 'no codec for this IE');
      const b = w.buf;
      at = w.offset + 1;
      b[w.offset] = codec.type;
      b[w.offset + 3] = ((ie.headerSpare ?? 0) & HEADER_SPARE) | (ie.instance & 0x0f);
      w.offset += 4;
      codec.encode(ie, w);
    }
    if (ie.extra) w.bytes(ie.extra);
    const length = w.offset - at - 3;
    if (length > MAX_IE_LENGTH) throw new EncodeError('gtpv2c', ie.ie, `value of ${length} octets exceeds 65535`);
    w.buf[at] = length >>> 8;
    w.buf[at + 1] = length;
  }
}

export function readIes(r: Reader): Gtpv2cIe[] {
  const ies: Gtpv2cIe[] = [];
  while (r.remaining > 0) {
    // The 4-octet IE header, read with one bounds check (this loop runs for every IE).
    r.element = 'IE header';
    r.need(4);
    const b = r.buf;
    const o = r.offset;
    const type = b[o];
    const length = (b[o + 1] << 8) | b[o + 2];
    const instance = b[o + 3] & 0x0f;
    const headerSpare = b[o + 3] & HEADER_SPARE;
    r.offset = o + 4;
    const codec = BY_TYPE[type];
    if (!codec) {
      r.element = 'unknown IE';
      const unknown: Gtpv2cIe = { ie: 'unknown', type, instance, data: r.bytes(length) };
      if (headerSpare) unknown.headerSpare = headerSpare;
      ies.push(unknown);
      continue;
    }
    r.element = codec.name;
    const saved = r.window(length);
    const valueEnd = r.end;
    const ie = codec.decode(r, instance) as Gtpv2cIe;
    if (r.offset < valueEnd) ie.extra = r.rest();
    if (headerSpare) ie.headerSpare = headerSpare;
    r.end = saved;
    ies.push(ie);
  }
  return ies;
}
