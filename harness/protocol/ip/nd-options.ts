import type { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { formatIpv6, parseIpv6Into, readIpv6, writeIpv6 } from '../common/ip-bytes.ts';
import { codecTable } from './table.ts';

/**
 * Neighbor Discovery options (RFC 4861 §4.6): type, length in units of 8 octets (0 is invalid),
 * value. Link-layer addresses (§4.6.1), Prefix Information (§4.6.2), MTU (§4.6.4), RDNSS
 * (RFC 8106 §5.1), PREF64 (RFC 8781 §4); anything else is kept as its octets. One codec per
 * option type, one table by type number; the type and length octets and the zero padding to the
 * 8-octet unit are written and read once, in the list functions below.
 */
export type NdOption =
  | { type: 'source-link-layer-address'; address: Buffer }
  | { type: 'target-link-layer-address'; address: Buffer }
  | {
      type: 'prefix-information';
      prefixLength: number;
      onLink: boolean;
      autonomous: boolean;
      validLifetime: number;
      preferredLifetime: number;
      prefix: string;
    }
  | { type: 'mtu'; mtu: number }
  | { type: 'rdnss'; lifetime: number; servers: string[] }
  /** RFC 8781: lifetime in seconds (sent scaled, in units of 8 s), the prefix's first 96 bits. */
  | { type: 'pref64'; lifetime: number; prefixLength: Pref64Length; prefix: string }
  | { type: 'unknown'; optionType: number; data: Buffer };

export type Pref64Length = 32 | 40 | 48 | 56 | 64 | 96;

interface NdOptionCodec<T extends NdOption> {
  type: number;
  name: T['type'];
  /** Octets of the value (after type and length), before padding to the 8-octet unit. */
  valueLength(v: T): number;
  encode(v: T, w: Writer): void;
  /** The reader's window is the option's value: length × 8 − 2 octets. */
  decode(r: Reader, units: number): T;
}

type LinkLayer = Extract<NdOption, { type: 'source-link-layer-address' | 'target-link-layer-address' }>;

const linkLayer = (type: number, name: LinkLayer['type']): NdOptionCodec<LinkLayer> => ({
  type,
  name,
  valueLength: (v) => v.address.length,
  encode: (v, w) => void w.bytes(v.address),
  decode: (r, units) => {
    // §4.6.1: an Ethernet address (6 octets) fills one unit exactly; its padding is not part of it.
    const raw = r.rest();
    return { type: name, address: units === 1 ? raw.subarray(0, 6) : raw };
  },
});

const prefixInformation: NdOptionCodec<Extract<NdOption, { type: 'prefix-information' }>> = {
  type: 3,
  name: 'prefix-information',
  valueLength: () => 30,
  encode(v, w) {
    w.u8(v.prefixLength, 'prefix length').u8((v.onLink ? 0x80 : 0) | (v.autonomous ? 0x40 : 0));
    w.u32(v.validLifetime, 'valid lifetime').u32(v.preferredLifetime, 'preferred lifetime').u32(0);
    writeIpv6(w, v.prefix, 'prefix');
  },
  decode(r, units) {
    if (units !== 4) r.fail(`Prefix Information length ${units}, must be 4`);
    const prefixLength = r.u8();
    if (prefixLength > 128) r.fail(`prefix length ${prefixLength}`);
    const flags = r.u8();
    const validLifetime = r.u32();
    const preferredLifetime = r.u32();
    r.u32();
    return {
      type: 'prefix-information',
      prefixLength,
      onLink: (flags & 0x80) !== 0,
      autonomous: (flags & 0x40) !== 0,
      validLifetime,
      preferredLifetime,
      prefix: readIpv6(r),
    };
  },
};

const mtu: NdOptionCodec<Extract<NdOption, { type: 'mtu' }>> = {
  type: 5,
  name: 'mtu',
  valueLength: () => 6,
  encode: (v, w) => void w.u16(0).u32(v.mtu, 'MTU'),
  decode(r, units) {
    if (units !== 1) r.fail(`MTU option length ${units}, must be 1`);
    r.u16();
    return { type: 'mtu', mtu: r.u32() };
  },
};

const rdnss: NdOptionCodec<Extract<NdOption, { type: 'rdnss' }>> = {
  type: 25,
  name: 'rdnss',
  valueLength: (v) => 6 + 16 * v.servers.length,
  encode(v, w) {
    w.u16(0).u32(v.lifetime, 'RDNSS lifetime');
    for (const s of v.servers) writeIpv6(w, s, 'RDNSS address');
  },
  decode(r, units) {
    if (units < 3 || units % 2 === 0) r.fail(`RDNSS length ${units}, must be odd and at least 3 (RFC 8106 §5.1)`);
    r.u16();
    const lifetime = r.u32();
    const servers: string[] = [];
    while (r.remaining > 0) servers.push(readIpv6(r));
    return { type: 'rdnss', lifetime, servers };
  },
};

/** The prefix as 16 octets, of which the first 12 are sent. */
const SCRATCH = new Uint8Array(16);

/** RFC 8781 §4: Prefix Length Code 0..5. */
const PLC: readonly Pref64Length[] = [96, 64, 56, 48, 40, 32];

const pref64: NdOptionCodec<Extract<NdOption, { type: 'pref64' }>> = {
  type: 38,
  name: 'pref64',
  valueLength: () => 14,
  encode(v, w) {
    w.u16(((Math.floor(v.lifetime / 8) & 0x1fff) << 3) | PLC.indexOf(v.prefixLength), 'PREF64 scaled lifetime');
    if (!parseIpv6Into(v.prefix, SCRATCH, 0))
      throw new EncodeError(w.protocol, 'PREF64 prefix', `not an IPv6 address: ${v.prefix}`);
    w.bytes(SCRATCH.subarray(0, 12));
  },
  decode(r, units) {
    if (units !== 2) r.fail(`PREF64 length ${units}, must be 2 (RFC 8781 §4)`);
    const sl = r.u16();
    const plc = sl & 7;
    if (plc > 5) r.fail(`PREF64 prefix length code ${plc}`);
    r.need(12);
    const prefix = new Uint8Array(16);
    prefix.set(r.buf.subarray(r.offset, r.offset + 12));
    r.skip(12);
    return { type: 'pref64', lifetime: (sl >> 3) * 8, prefixLength: PLC[plc], prefix: formatIpv6(prefix) };
  },
};

type AnyCodec = NdOptionCodec<NdOption>;
const CODECS = [
  linkLayer(1, 'source-link-layer-address'),
  linkLayer(2, 'target-link-layer-address'),
  prefixInformation,
  mtu,
  rdnss,
  pref64,
] as unknown as AnyCodec[];
const TABLE = codecTable(CODECS, (c) => c.type);

/** Octets of one option, padded to whole 8-octet units. */
export function ndOptionLength(o: NdOption): number {
  if (o.type === 'unknown') return 2 + o.data.length;
  return Math.ceil((2 + TABLE.byName.get(o.type)!.valueLength(o)) / 8) * 8;
}

export const ndOptionsLength = (options: readonly NdOption[]): number =>
  options.reduce((n, o) => n + ndOptionLength(o), 0);

export function writeNdOptions(w: Writer, options: readonly NdOption[]): void {
  for (const o of options) {
    const len = ndOptionLength(o);
    const end = w.offset + len;
    if (o.type === 'unknown') {
      if (len % 8 !== 0) throw new EncodeError(w.protocol, 'ND option', 'unknown option data must fill 8-octet units');
      w.u8(o.optionType, 'ND option type')
        .u8(len / 8)
        .bytes(o.data);
      continue;
    }
    const codec = TABLE.byName.get(o.type)!;
    w.u8(codec.type).u8(len / 8);
    codec.encode(o, w);
    while (w.offset < end) w.u8(0);
  }
}

/** Reads options to the end of the reader's window. */
export function readNdOptions(r: Reader): NdOption[] {
  const out: NdOption[] = [];
  for (let at = r.offset; r.remaining > 0; at = r.offset) {
    const [type, units] = [r.at('ND option').u8(), r.u8()];
    if (units === 0) r.fail('option length 0 (RFC 4861 §4.6: invalid)', at + 1);
    const value = r.sub(units * 8 - 2, `ND option ${type}`);
    const codec = TABLE.byNumber[type];
    out.push(codec ? codec.decode(value, units) : { type: 'unknown', optionType: type, data: value.rest() });
  }
  return out;
}
