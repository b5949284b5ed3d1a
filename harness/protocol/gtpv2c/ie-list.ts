import { Reader, Writer } from '../common/cursor.ts';
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

const CODECS = [imsi, cause, recovery, apn, ambr, ebi, ipAddress, mei, msisdn, indicationCodec, pco, paa, bearerQos, ratType, servingNetwork, uli, fteid, bearerContext, chargingId, pdnType, selectionMode, apco, privateExtension] as unknown as AnyCodec[];

const BY_TYPE = new Map<number, AnyCodec>(CODECS.map((c) => [c.type, c]));
const BY_NAME = new Map<string, AnyCodec>(CODECS.map((c) => [c.name, c]));

/** The IE type number of a named IE. */
export function ieType(name: Gtpv2cIe['ie']): number | undefined {
  return BY_NAME.get(name)?.type;
}

function valueLength(ie: Gtpv2cIe): number {
  const base = ie.ie === 'unknown' ? ie.data.length : BY_NAME.get(ie.ie)!.encodingLength(ie);
  return base + (ie.extra?.length ?? 0);
}

export function iesLength(ies: readonly Gtpv2cIe[]): number {
  let n = 0;
  for (const ie of ies) n += 4 + valueLength(ie);
  return n;
}

export function writeIes(w: Writer, ies: readonly Gtpv2cIe[]): void {
  for (const ie of ies) {
    const length = valueLength(ie);
    if (ie.ie === 'unknown') {
      w.u8(ie.type, 'IE type').u16(length, 'IE length').u8(ie.instance & 0x0f).bytes(ie.data);
    } else {
      const codec = BY_NAME.get(ie.ie);
      if (!codec) throw new EncodeError('gtpv2c', ie.ie, 'no codec for this IE');
      w.u8(codec.type).u16(length, `${ie.ie} length`).u8(ie.instance & 0x0f, `${ie.ie} instance`);
      const start = w.offset;
      codec.encode(ie, w);
      if (w.offset - start !== length - (ie.extra?.length ?? 0)) {
        throw new EncodeError('gtpv2c', ie.ie, `wrote ${w.offset - start} octets, announced ${length}`);
      }
    }
    if (ie.extra) w.bytes(ie.extra);
  }
}

export function readIes(r: Reader): Gtpv2cIe[] {
  const ies: Gtpv2cIe[] = [];
  while (r.remaining > 0) {
    r.at('IE header');
    const type = r.u8();
    const length = r.u16();
    const instance = r.u8() & 0x0f;
    const codec = BY_TYPE.get(type);
    const name = codec ? codec.name : `IE type ${type}`;
    const value = r.at(name).sub(length, name);
    if (!codec) {
      ies.push({ ie: 'unknown', type, instance, data: value.rest() });
      continue;
    }
    const ie = codec.decode(value, instance) as Gtpv2cIe;
    if (value.remaining > 0) ie.extra = value.rest();
    ies.push(ie);
  }
  return ies;
}
