import fc from 'fast-check';
import type { ErrorCause, SctpChunk, SctpPacket, SctpParam } from '../../../../harness/protocol/sctp/index.ts';
import { addressString } from '../../../../harness/protocol/common/ip-bytes.ts';

/** fast-check arbitraries for every SCTP chunk, parameter and error cause the codec models (RFC 9260 §3). */
const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const bytes = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b));
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => addressString(b));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => addressString(b));
/** Parameter types the codec does not model. */
const MODELLED_PARAMS = new Set([1, 5, 6, 7, 8, 9, 11, 12, 0x8000, 0xc000]);
const MODELLED_CAUSES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
const MODELLED_CHUNKS = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14]);

export const param: fc.Arbitrary<SctpParam> = fc.oneof(
  bytes(0, 40).map((info): SctpParam => ({ param: 'heartbeat-info', info })),
  ipv4.map((address): SctpParam => ({ param: 'ipv4-address', address })),
  ipv6.map((address): SctpParam => ({ param: 'ipv6-address', address })),
  bytes(0, 80).map((cookie): SctpParam => ({ param: 'state-cookie', cookie })),
  bytes(4, 20).map((parameter): SctpParam => ({ param: 'unrecognized-parameter', parameter })),
  u(32).map((increment): SctpParam => ({ param: 'cookie-preservative', increment })),
  bytes(1, 20).map((name): SctpParam => ({ param: 'host-name-address', name })),
  fc
    .array(fc.constantFrom(5, 6, 11), { maxLength: 3 })
    .map((types): SctpParam => ({ param: 'supported-address-types', types })),
  fc.constant<SctpParam>({ param: 'ecn-capable' }),
  fc.constant<SctpParam>({ param: 'forward-tsn-supported' }),
  fc
    .tuple(
      u(16).filter((t) => !MODELLED_PARAMS.has(t)),
      bytes(0, 12),
    )
    .map(([paramType, value]): SctpParam => ({ param: 'unknown', paramType, value })),
);

export const cause: fc.Arbitrary<ErrorCause> = fc.oneof(
  u(16).map((streamId): ErrorCause => ({ cause: 'invalid-stream-identifier', streamId })),
  fc
    .array(u(16), { maxLength: 4 })
    .map((paramTypes): ErrorCause => ({ cause: 'missing-mandatory-parameter', paramTypes })),
  u(32).map((staleness): ErrorCause => ({ cause: 'stale-cookie', staleness })),
  fc.constant<ErrorCause>({ cause: 'out-of-resource' }),
  bytes(0, 20).map((address): ErrorCause => ({ cause: 'unresolvable-address', address })),
  bytes(4, 20).map((chunk): ErrorCause => ({ cause: 'unrecognized-chunk-type', chunk })),
  fc.constant<ErrorCause>({ cause: 'invalid-mandatory-parameter' }),
  bytes(4, 20).map((parameters): ErrorCause => ({ cause: 'unrecognized-parameters', parameters })),
  u(32).map((tsn): ErrorCause => ({ cause: 'no-user-data', tsn })),
  fc.constant<ErrorCause>({ cause: 'cookie-received-while-shutting-down' }),
  bytes(0, 20).map((addresses): ErrorCause => ({ cause: 'restart-with-new-addresses', addresses })),
  bytes(0, 20).map((reason): ErrorCause => ({ cause: 'user-initiated-abort', reason })),
  bytes(0, 20).map((info): ErrorCause => ({ cause: 'protocol-violation', info })),
  fc
    .tuple(
      u(16).filter((c) => !MODELLED_CAUSES.has(c)),
      bytes(0, 12),
    )
    .map(([code, info]): ErrorCause => ({ cause: 'unknown', code, info })),
);

const initFields = {
  initiateTag: u(32),
  arwnd: u(32),
  outboundStreams: u(16),
  inboundStreams: u(16),
  initialTsn: u(32),
  params: fc.array(param, { maxLength: 5 }),
};

export const dataChunk = fc
  .record({
    tsn: u(32),
    streamId: u(16),
    ssn: u(16),
    ppid: u(32),
    unordered: fc.boolean(),
    beginning: fc.boolean(),
    ending: fc.boolean(),
    immediate: fc.constantFrom(true, undefined),
    userData: bytes(1, 100),
  })
  .map((d): SctpChunk => {
    const { immediate, ...rest } = d;
    return immediate ? { type: 'data', ...rest, immediate } : { type: 'data', ...rest };
  });

export const chunk: fc.Arbitrary<SctpChunk> = fc.oneof(
  dataChunk,
  fc.record(initFields).map((v): SctpChunk => ({ type: 'init', ...v })),
  fc.record(initFields).map((v): SctpChunk => ({ type: 'init-ack', ...v })),
  fc
    .record({
      cumulativeTsnAck: u(32),
      arwnd: u(32),
      gapBlocks: fc.array(fc.record({ start: u(16), end: u(16) }), { maxLength: 6 }),
      duplicateTsns: fc.array(u(32), { maxLength: 4 }),
    })
    .map((v): SctpChunk => ({ type: 'sack', ...v })),
  bytes(0, 40).map((info): SctpChunk => ({ type: 'heartbeat', info })),
  bytes(0, 40).map((info): SctpChunk => ({ type: 'heartbeat-ack', info })),
  fc
    .record({ reflected: fc.boolean(), causes: fc.array(cause, { maxLength: 4 }) })
    .map((v): SctpChunk => ({ type: 'abort', ...v })),
  u(32).map((cumulativeTsnAck): SctpChunk => ({ type: 'shutdown', cumulativeTsnAck })),
  fc.constant<SctpChunk>({ type: 'shutdown-ack' }),
  fc.array(cause, { maxLength: 4 }).map((causes): SctpChunk => ({ type: 'error', causes })),
  bytes(0, 80).map((cookie): SctpChunk => ({ type: 'cookie-echo', cookie })),
  fc.constant<SctpChunk>({ type: 'cookie-ack' }),
  fc.boolean().map((reflected): SctpChunk => ({ type: 'shutdown-complete', reflected })),
  fc
    .record({ chunkType: u(8).filter((t) => !MODELLED_CHUNKS.has(t)), flags: u(8), value: bytes(0, 20) })
    .map((v): SctpChunk => ({ type: 'unknown', ...v })),
);

export const packet: fc.Arbitrary<SctpPacket> = fc.record({
  srcPort: u(16),
  dstPort: u(16),
  verificationTag: u(32),
  chunks: fc.array(chunk, { minLength: 1, maxLength: 5 }),
});
