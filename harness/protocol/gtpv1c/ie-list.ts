import type { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { chargingGatewayAddress, endUserAddress, gsnAddress } from './ies/addressing.ts';
import { apnRestriction, commonFlagsCodec, extensionHeaderTypeList } from './ies/flags.ts';
import { imeiSv, imsi, msisdn } from './ies/identities.ts';
import type { IeCodec } from './ies/ie-codec.ts';
import type { Gtpv1cIe } from './ies/index.ts';
import { msTimeZone, rai, uli } from './ies/location.ts';
import { apn, pco, privateExtension } from './ies/options.ts';
import { apnAmbr, qosProfile } from './ies/qos.ts';
import {
  cause,
  chargingCharacteristics,
  chargingId,
  nsapi,
  ratType,
  recovery,
  reorderingRequired,
  selectionMode,
  teardownInd,
  teidControlPlane,
  teidDataI,
} from './ies/simple.ts';
import { OTHER_TV_LENGTHS } from './ies/tv-lengths.ts';

/**
 * IE lists (TS 29.060 §7.7): a type octet, then for TV types (< 128) the value of the fixed length
 * Table 37 gives, for TLV types a 2-octet length (1 octet for type 141, §7.7.40) and the value. One
 * table maps type numbers and names to value codecs; an IE whose type is not in the table is kept
 * as its octets and written back unchanged.
 */
type AnyCodec = IeCodec<{ ie: string; extra?: Buffer }>;

const PROTOCOL = 'gtpv1c';

const CODECS = [
  cause,
  imsi,
  rai,
  reorderingRequired,
  recovery,
  selectionMode,
  teidDataI,
  teidControlPlane,
  teardownInd,
  nsapi,
  chargingCharacteristics,
  chargingId,
  endUserAddress,
  apn,
  pco,
  gsnAddress,
  msisdn,
  qosProfile,
  extensionHeaderTypeList,
  commonFlagsCodec,
  apnRestriction,
  ratType,
  uli,
  msTimeZone,
  imeiSv,
  apnAmbr,
  chargingGatewayAddress,
  privateExtension,
] as unknown as AnyCodec[];

/** Indexed by IE type (one octet): an array lookup on the decode path. */
const BY_TYPE: (AnyCodec | undefined)[] = new Array<AnyCodec | undefined>(256).fill(undefined);
for (const c of CODECS) BY_TYPE[c.type] = c;
const BY_NAME = new Map<string, AnyCodec>(CODECS.map((c) => [c.name, c]));

/** The IE type number of a named IE. */
export function ieType(name: Gtpv1cIe['ie']): number | undefined {
  return BY_NAME.get(name)?.type;
}

function codecOf(ie: Gtpv1cIe): AnyCodec {
  const codec = BY_NAME.get(ie.ie);
  if (!codec) throw new EncodeError(PROTOCOL, ie.ie, 'no codec for this IE');
  return codec;
}

export function iesLength(ies: readonly Gtpv1cIe[]): number {
  let n = 0;
  for (const ie of ies) {
    if (ie.ie === 'unknown') {
      n += (ie.type < 128 ? 1 : 3) + ie.data.length;
      continue;
    }
    const c = codecOf(ie);
    n +=
      c.tvLength !== undefined
        ? 1 + c.tvLength
        : 1 + (c.lengthOctets ?? 2) + c.encodingLength(ie) + (ie.extra?.length ?? 0);
  }
  return n;
}

/** Writes the IEs; a TLV IE's length field is filled in after its value is written. */
export function writeIes(w: Writer, ies: readonly Gtpv1cIe[]): void {
  for (const ie of ies) {
    if (ie.ie === 'unknown') {
      w.u8(ie.type, 'IE type');
      if (ie.type >= 128) w.u16(ie.data.length, 'IE length');
      w.bytes(ie.data);
      continue;
    }
    const codec = codecOf(ie);
    w.u8(codec.type);
    if (codec.tvLength !== undefined) {
      const start = w.offset;
      codec.encode(ie, w);
      if (ie.extra || w.offset - start !== codec.tvLength)
        throw new EncodeError(PROTOCOL, ie.ie, `a TV IE's value is ${codec.tvLength} octets (TS 29.060 Table 37)`);
      continue;
    }
    const size = codec.lengthOctets ?? 2;
    let at = w.reserve(size);
    codec.encode(ie, w);
    if (ie.extra) w.bytes(ie.extra);
    const length = w.offset - at - size;
    if (length >= 1 << (8 * size))
      throw new EncodeError(PROTOCOL, ie.ie, `value of ${length} octets does not fit its length field`);
    if (size === 2) w.buf[at++] = length >>> 8;
    w.buf[at] = length;
  }
}

export function readIes(r: Reader): Gtpv1cIe[] {
  const ies: Gtpv1cIe[] = [];
  while (r.remaining > 0) {
    r.element = 'IE';
    const at = r.offset;
    const type = r.u8();
    const codec = BY_TYPE[type];
    let length: number | undefined;
    if (type < 128) {
      length = codec ? codec.tvLength : OTHER_TV_LENGTHS[type];
      if (length === undefined) r.fail(`unknown TV IE type ${type}: its length cannot be known`, at);
    } else length = codec?.lengthOctets === 1 ? r.u8() : r.u16();
    if (!codec) {
      r.element = `IE type ${type}`;
      ies.push({ ie: 'unknown', type, data: r.bytes(length) });
      continue;
    }
    r.element = codec.name;
    const saved = r.window(length);
    const valueEnd = r.end;
    const ie = codec.decode(r) as Gtpv1cIe;
    if (r.offset < valueEnd) ie.extra = r.rest();
    r.end = saved;
    ies.push(ie);
  }
  return ies;
}
