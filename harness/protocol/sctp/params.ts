import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../common/ip-bytes.ts';
import { PARAM_TYPE } from './constants.ts';
import { type TlvCodec, TlvTable } from './tlv.ts';

/**
 * Variable-length parameters (RFC 9260 §3.2.1) of INIT (§3.3.2), INIT ACK (§3.3.3) and
 * HEARTBEAT (§3.3.5): one codec per parameter type, a table, and `unknown` for the rest, kept
 * as their octets so that an Unrecognized Parameter report (§3.3.3.1) can carry them back.
 */
export type SctpParam =
  | { param: 'heartbeat-info'; info: Buffer }
  | { param: 'ipv4-address'; address: string }
  | { param: 'ipv6-address'; address: string }
  | { param: 'state-cookie'; cookie: Buffer }
  /** §3.3.3.1: the unrecognized parameter, its TLV whole (header, value, padding). */
  | { param: 'unrecognized-parameter'; parameter: Buffer }
  /** §3.3.2.1: suggested cookie life-span increment, in milliseconds. */
  | { param: 'cookie-preservative'; increment: number }
  /** §3.3.2.1: deprecated; the name as sent (NUL-terminated, padding excluded). */
  | { param: 'host-name-address'; name: Buffer }
  /** §3.3.2.1: address types (5 IPv4, 6 IPv6) the sender can use. */
  | { param: 'supported-address-types'; types: number[] }
  | { param: 'ecn-capable' }
  | { param: 'forward-tsn-supported' }
  | { param: 'unknown'; paramType: number; value: Buffer };

export type SctpParamName = SctpParam['param'];
export type ParamOf<K extends SctpParamName> = Extract<SctpParam, { param: K }>;

/** A parameter whose value is opaque octets: `get` reads them from a value, `make` builds one. */
function octets(
  type: number,
  name: SctpParamName,
  get: (v: SctpParam) => Buffer,
  make: (b: Buffer) => SctpParam,
): TlvCodec<SctpParam> {
  return {
    type,
    name,
    encode: (v, w) => void w.bytes(get(v)),
    decode: (r) => make(r.rest()),
    encodingLength: (v) => get(v).length,
  };
}

function flag(type: number, name: 'ecn-capable' | 'forward-tsn-supported'): TlvCodec<SctpParam> {
  return { type, name, encode() {}, decode: () => ({ param: name }), encodingLength: () => 0 };
}

const CODECS: TlvCodec<SctpParam>[] = [
  octets(
    PARAM_TYPE.HEARTBEAT_INFO,
    'heartbeat-info',
    (v) => (v as ParamOf<'heartbeat-info'>).info,
    (info) => ({ param: 'heartbeat-info', info }),
  ),
  {
    type: PARAM_TYPE.IPV4_ADDRESS,
    name: 'ipv4-address',
    encode: (v, w) => writeIpv4(w, (v as ParamOf<'ipv4-address'>).address, 'IPv4 Address'),
    decode: (r) => ({ param: 'ipv4-address', address: readIpv4(r) }),
    encodingLength: () => 4,
  },
  {
    type: PARAM_TYPE.IPV6_ADDRESS,
    name: 'ipv6-address',
    encode: (v, w) => writeIpv6(w, (v as ParamOf<'ipv6-address'>).address, 'IPv6 Address'),
    decode: (r) => ({ param: 'ipv6-address', address: readIpv6(r) }),
    encodingLength: () => 16,
  },
  octets(
    PARAM_TYPE.STATE_COOKIE,
    'state-cookie',
    (v) => (v as ParamOf<'state-cookie'>).cookie,
    (cookie) => ({ param: 'state-cookie', cookie }),
  ),
  octets(
    PARAM_TYPE.UNRECOGNIZED_PARAMETER,
    'unrecognized-parameter',
    (v) => (v as ParamOf<'unrecognized-parameter'>).parameter,
    (parameter) => ({ param: 'unrecognized-parameter', parameter }),
  ),
  {
    type: PARAM_TYPE.COOKIE_PRESERVATIVE,
    name: 'cookie-preservative',
    encode: (v, w) =>
      void w.u32((v as ParamOf<'cookie-preservative'>).increment, 'Suggested Cookie Life-Span Increment'),
    decode: (r) => ({ param: 'cookie-preservative', increment: r.u32() }),
    encodingLength: () => 4,
  },
  octets(
    PARAM_TYPE.HOST_NAME_ADDRESS,
    'host-name-address',
    (v) => (v as ParamOf<'host-name-address'>).name,
    (name) => ({ param: 'host-name-address', name }),
  ),
  {
    type: PARAM_TYPE.SUPPORTED_ADDRESS_TYPES,
    name: 'supported-address-types',
    encode(v, w) {
      for (const t of (v as ParamOf<'supported-address-types'>).types) w.u16(t, 'Address Type');
    },
    decode(r) {
      if (r.remaining % 2) r.fail(`${r.remaining} octets is not a list of 16-bit address types`);
      const types: number[] = [];
      while (r.remaining > 0) types.push(r.u16());
      return { param: 'supported-address-types', types };
    },
    encodingLength: (v) => 2 * (v as ParamOf<'supported-address-types'>).types.length,
  },
  flag(PARAM_TYPE.ECN_CAPABLE, 'ecn-capable'),
  flag(PARAM_TYPE.FORWARD_TSN_SUPPORTED, 'forward-tsn-supported'),
];

type UnknownParam = ParamOf<'unknown'>;

export const PARAMS = new TlvTable<SctpParam, UnknownParam>('parameter', CODECS, (v) => v.param, {
  is: (v): v is UnknownParam => v.param === 'unknown',
  type: (v) => v.paramType,
  value: (v) => v.value,
  make: (paramType, value) => ({ param: 'unknown', paramType, value }),
});

/**
 * §3.2.1: what the two highest bits of an unrecognized parameter type ask of the receiver.
 * 00 stop processing the chunk; 01 stop and report; 10 skip it and go on; 11 skip, go on, report.
 * Reports are Unrecognized Parameter parameters in the INIT ACK (for an INIT) or an ERROR chunk.
 */
export function unrecognizedParamAction(paramType: number): { skip: boolean; report: boolean } {
  return { skip: (paramType & 0x8000) !== 0, report: (paramType & 0x4000) !== 0 };
}

/** The first parameter named `name` in a list. */
export function findParam<K extends SctpParamName>(params: readonly SctpParam[], name: K): ParamOf<K> | undefined {
  return params.find((p) => p.param === name) as ParamOf<K> | undefined;
}
