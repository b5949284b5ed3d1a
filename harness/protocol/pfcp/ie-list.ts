import type { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { applyActionCodec, cpFunctionFeatures, reportingTriggers, upFunctionFeatures } from './ies/flags.ts';
import { fteid } from './ies/f-teid.ts';
import { GROUPED, type GroupedIe, type GroupedName } from './ies/grouped.ts';
import type { IeCodec } from './ies/ie-codec.ts';
import type { PfcpIe, PfcpIeName } from './ies/index.ts';
import { networkInstance } from './ies/network-instance.ts';
import { cause, fseid, nodeId, offendingIe, recoveryTimeStamp } from './ies/node.ts';
import { outerHeaderCreation } from './ies/outer-header-creation.ts';
import { pdnType } from './ies/pdn-type.ts';
import { sdfFilter } from './ies/sdf-filter.ts';
import {
  destinationInterface,
  farId,
  outerHeaderRemoval,
  pdrId,
  precedence,
  qerId,
  sourceInterface,
  urrId,
} from './ies/rules.ts';
import { ueIpAddress } from './ies/ue-ip-address.ts';
import { measurementMethod, volumeThreshold } from './ies/usage.ts';

/**
 * IE lists (TS 29.244 §8.1.1): every IE is type (2 octets), length (2, of what follows), an
 * Enterprise ID (2) when the type is ≥ 32768 (vendor-specific), then the value. One table maps
 * type numbers and names to value codecs; grouped IEs are codecs over a nested list. An IE whose
 * type is not in the table is kept as its octets and written back unchanged, in place.
 */
type AnyCodec = IeCodec<{ ie: string; extra?: Buffer }>;

const PROTOCOL = 'pfcp';
const VENDOR_SPECIFIC = 0x8000;
/** Deepest nesting of grouped IEs accepted (Rel-17 nests at most 4 deep); bounds the recursion. */
const MAX_DEPTH = 8;
let depth = 0;

function groupedCodec<K extends GroupedName>(name: K): IeCodec<GroupedIe<K>> {
  return {
    type: GROUPED[name],
    name,
    encode: (v, w) => writeIes(w, v.ies),
    decode(r) {
      if (depth >= MAX_DEPTH) r.fail(`grouped IEs nested more than ${MAX_DEPTH} deep`);
      depth++;
      try {
        return { ie: name, ies: readIes(r) };
      } finally {
        depth--;
      }
    },
    encodingLength: (v) => iesLength(v.ies),
  };
}

const CODECS = [
  cause,
  nodeId,
  fseid,
  recoveryTimeStamp,
  offendingIe,
  pdrId,
  farId,
  urrId,
  qerId,
  precedence,
  sourceInterface,
  destinationInterface,
  fteid,
  networkInstance,
  ueIpAddress,
  outerHeaderRemoval,
  outerHeaderCreation,
  applyActionCodec,
  reportingTriggers,
  upFunctionFeatures,
  cpFunctionFeatures,
  measurementMethod,
  volumeThreshold,
  pdnType,
  sdfFilter,
  ...(Object.keys(GROUPED) as GroupedName[]).map(groupedCodec),
] as unknown as AnyCodec[];

const BY_TYPE = new Map<number, AnyCodec>(CODECS.map((c) => [c.type, c]));
const BY_NAME = new Map<string, AnyCodec>(CODECS.map((c) => [c.name, c]));

/** The IE type number of a named IE. */
export function ieType(name: Exclude<PfcpIeName, 'unknown'>): number {
  return BY_NAME.get(name)!.type;
}

function valueLength(ie: PfcpIe): number {
  if (ie.ie === 'unknown') return (ie.type & VENDOR_SPECIFIC ? 2 : 0) + ie.data.length;
  const codec = BY_NAME.get(ie.ie);
  if (!codec) throw new EncodeError(PROTOCOL, ie.ie, 'no codec for this IE');
  const extra = (ie as { extra?: Buffer }).extra;
  return codec.encodingLength(ie) + (extra ? extra.length : 0);
}

export function iesLength(ies: readonly PfcpIe[]): number {
  let n = 0;
  for (const ie of ies) n += 4 + valueLength(ie);
  return n;
}

/** Writes the IEs; each length field is reserved and filled in once its value is written. */
export function writeIes(w: Writer, ies: readonly PfcpIe[]): void {
  for (const ie of ies) {
    let at: number;
    if (ie.ie === 'unknown') {
      w.u16(ie.type, 'IE type');
      at = w.reserve(2);
      if (ie.type & VENDOR_SPECIFIC) {
        if (ie.enterpriseId === undefined)
          throw new EncodeError(PROTOCOL, `IE type ${ie.type}`, 'a vendor-specific IE needs an Enterprise ID');
        w.u16(ie.enterpriseId, 'Enterprise ID');
      } else if (ie.enterpriseId !== undefined)
        throw new EncodeError(
          PROTOCOL,
          `IE type ${ie.type}`,
          'only vendor-specific IEs (type ≥ 32768) carry an Enterprise ID',
        );
      w.bytes(ie.data);
    } else {
      const codec = BY_NAME.get(ie.ie);
      if (!codec) throw new EncodeError(PROTOCOL, ie.ie, 'no codec for this IE');
      w.u16(codec.type, 'IE type');
      at = w.reserve(2);
      codec.encode(ie, w);
      const extra = (ie as { extra?: Buffer }).extra;
      if (extra) w.bytes(extra);
    }
    const length = w.offset - at - 2;
    if (length > 0xffff) throw new EncodeError(PROTOCOL, ie.ie, `value of ${length} octets exceeds 65535`);
    w.buf[at] = length >>> 8;
    w.buf[at + 1] = length & 0xff;
  }
}

/** Reads IEs up to the end of the reader's window. */
export function readIes(r: Reader): PfcpIe[] {
  const ies: PfcpIe[] = [];
  while (r.remaining > 0) {
    // The 4-octet IE header, read with one bounds check (this loop runs for every IE).
    r.element = 'IE header';
    r.need(4);
    const b = r.buf;
    const o = r.offset;
    const type = (b[o] << 8) | b[o + 1];
    const length = (b[o + 2] << 8) | b[o + 3];
    r.offset = o + 4;
    const codec = BY_TYPE.get(type);
    if (!codec) {
      r.element = type & VENDOR_SPECIFIC ? `vendor-specific IE ${type}` : `IE type ${type}`;
      const saved = r.window(length);
      if (type & VENDOR_SPECIFIC) {
        if (length < 2) r.fail(`length ${length} cannot hold the Enterprise ID`, o + 2);
        ies.push({ ie: 'unknown', type, enterpriseId: r.u16(), data: r.rest() });
      } else ies.push({ ie: 'unknown', type, data: r.rest() });
      r.end = saved;
      continue;
    }
    r.element = codec.name;
    const saved = r.window(length);
    const ie = codec.decode(r);
    if (r.remaining > 0) ie.extra = r.rest();
    r.end = saved;
    ies.push(ie as PfcpIe);
  }
  return ies;
}
