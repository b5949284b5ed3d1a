import { CAUSE_CODE } from './constants.ts';
import { type TlvCodec, TlvTable } from './tlv.ts';

/**
 * Error causes (RFC 9260 §3.3.10) carried by ERROR (§3.3.10) and ABORT (§3.3.7) chunks. Causes
 * that quote octets (a chunk, parameters, addresses, a reason) keep them as Buffers; unknown
 * cause codes are kept as their octets.
 */
export type ErrorCause =
  | { cause: 'invalid-stream-identifier'; streamId: number }
  | { cause: 'missing-mandatory-parameter'; paramTypes: number[] }
  /** Measure of Staleness, in microseconds. */
  | { cause: 'stale-cookie'; staleness: number }
  | { cause: 'out-of-resource' }
  | { cause: 'unresolvable-address'; address: Buffer }
  /** The unrecognized chunk, as received (header and value). */
  | { cause: 'unrecognized-chunk-type'; chunk: Buffer }
  | { cause: 'invalid-mandatory-parameter' }
  | { cause: 'unrecognized-parameters'; parameters: Buffer }
  | { cause: 'no-user-data'; tsn: number }
  | { cause: 'cookie-received-while-shutting-down' }
  | { cause: 'restart-with-new-addresses'; addresses: Buffer }
  | { cause: 'user-initiated-abort'; reason: Buffer }
  | { cause: 'protocol-violation'; info: Buffer }
  | { cause: 'unknown'; code: number; info: Buffer };

export type ErrorCauseName = ErrorCause['cause'];
export type CauseOf<K extends ErrorCauseName> = Extract<ErrorCause, { cause: K }>;

/** A cause whose information is opaque octets: `get` reads them from a value, `make` builds one. */
function octets(
  code: number,
  name: ErrorCauseName,
  get: (v: ErrorCause) => Buffer,
  make: (b: Buffer) => ErrorCause,
): TlvCodec<ErrorCause> {
  return {
    type: code,
    name,
    encode: (v, w) => void w.bytes(get(v)),
    decode: (r) => make(r.rest()),
    encodingLength: (v) => get(v).length,
  };
}

function empty(
  code: number,
  name: 'out-of-resource' | 'invalid-mandatory-parameter' | 'cookie-received-while-shutting-down',
): TlvCodec<ErrorCause> {
  return { type: code, name, encode() {}, decode: () => ({ cause: name }), encodingLength: () => 0 };
}

const CODECS: TlvCodec<ErrorCause>[] = [
  {
    type: CAUSE_CODE.INVALID_STREAM_IDENTIFIER,
    name: 'invalid-stream-identifier',
    // Stream Identifier, then 16 reserved bits.
    encode: (v, w) => void w.u16((v as CauseOf<'invalid-stream-identifier'>).streamId, 'Stream Identifier').u16(0),
    decode(r) {
      const streamId = r.u16();
      r.skip(2);
      return { cause: 'invalid-stream-identifier', streamId };
    },
    encodingLength: () => 4,
  },
  {
    type: CAUSE_CODE.MISSING_MANDATORY_PARAMETER,
    name: 'missing-mandatory-parameter',
    encode(v, w) {
      const types = (v as CauseOf<'missing-mandatory-parameter'>).paramTypes;
      w.u32(types.length, 'Number of Missing Parameters');
      for (const t of types) w.u16(t, 'Missing Param Type');
    },
    decode(r) {
      const n = r.u32();
      if (n * 2 !== r.remaining) r.fail(`${n} missing parameter types in ${r.remaining} octets`);
      const paramTypes: number[] = [];
      for (let i = 0; i < n; i++) paramTypes.push(r.u16());
      return { cause: 'missing-mandatory-parameter', paramTypes };
    },
    encodingLength: (v) => 4 + 2 * (v as CauseOf<'missing-mandatory-parameter'>).paramTypes.length,
  },
  {
    type: CAUSE_CODE.STALE_COOKIE,
    name: 'stale-cookie',
    encode: (v, w) => void w.u32((v as CauseOf<'stale-cookie'>).staleness, 'Measure of Staleness'),
    decode: (r) => ({ cause: 'stale-cookie', staleness: r.u32() }),
    encodingLength: () => 4,
  },
  empty(CAUSE_CODE.OUT_OF_RESOURCE, 'out-of-resource'),
  octets(
    CAUSE_CODE.UNRESOLVABLE_ADDRESS,
    'unresolvable-address',
    (v) => (v as CauseOf<'unresolvable-address'>).address,
    (address) => ({ cause: 'unresolvable-address', address }),
  ),
  octets(
    CAUSE_CODE.UNRECOGNIZED_CHUNK_TYPE,
    'unrecognized-chunk-type',
    (v) => (v as CauseOf<'unrecognized-chunk-type'>).chunk,
    (chunk) => ({ cause: 'unrecognized-chunk-type', chunk }),
  ),
  empty(CAUSE_CODE.INVALID_MANDATORY_PARAMETER, 'invalid-mandatory-parameter'),
  octets(
    CAUSE_CODE.UNRECOGNIZED_PARAMETERS,
    'unrecognized-parameters',
    (v) => (v as CauseOf<'unrecognized-parameters'>).parameters,
    (parameters) => ({ cause: 'unrecognized-parameters', parameters }),
  ),
  {
    type: CAUSE_CODE.NO_USER_DATA,
    name: 'no-user-data',
    encode: (v, w) => void w.u32((v as CauseOf<'no-user-data'>).tsn, 'TSN value'),
    decode: (r) => ({ cause: 'no-user-data', tsn: r.u32() }),
    encodingLength: () => 4,
  },
  empty(CAUSE_CODE.COOKIE_RECEIVED_WHILE_SHUTTING_DOWN, 'cookie-received-while-shutting-down'),
  octets(
    CAUSE_CODE.RESTART_WITH_NEW_ADDRESSES,
    'restart-with-new-addresses',
    (v) => (v as CauseOf<'restart-with-new-addresses'>).addresses,
    (addresses) => ({ cause: 'restart-with-new-addresses', addresses }),
  ),
  octets(
    CAUSE_CODE.USER_INITIATED_ABORT,
    'user-initiated-abort',
    (v) => (v as CauseOf<'user-initiated-abort'>).reason,
    (reason) => ({ cause: 'user-initiated-abort', reason }),
  ),
  octets(
    CAUSE_CODE.PROTOCOL_VIOLATION,
    'protocol-violation',
    (v) => (v as CauseOf<'protocol-violation'>).info,
    (info) => ({ cause: 'protocol-violation', info }),
  ),
];

type UnknownCause = CauseOf<'unknown'>;

export const CAUSES = new TlvTable<ErrorCause, UnknownCause>('error cause', CODECS, (v) => v.cause, {
  is: (v): v is UnknownCause => v.cause === 'unknown',
  type: (v) => v.code,
  value: (v) => v.info,
  make: (code, info) => ({ cause: 'unknown', code, info }),
});
