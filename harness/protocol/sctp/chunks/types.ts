import type { Reader, Writer } from '../../common/cursor.ts';
import type { ErrorCause } from '../causes.ts';
import type { SctpParam } from '../params.ts';

/**
 * SCTP chunks (RFC 9260 §3.3), as decoded values: a discriminated union on `type`. Chunk types
 * with no codec here (ECNE, AUTH, I-DATA, FORWARD TSN, ASCONF, RE-CONFIG, PAD, ...) decode as
 * `unknown` with their type, flags and value octets, and are written back unchanged.
 */
export type SctpChunk =
  | DataChunk
  | InitChunk
  | InitAckChunk
  | SackChunk
  | HeartbeatChunk
  | HeartbeatAckChunk
  | AbortChunk
  | ShutdownChunk
  | ShutdownAckChunk
  | ErrorChunk
  | CookieEchoChunk
  | CookieAckChunk
  | ShutdownCompleteChunk
  | UnknownChunk;

export type SctpChunkName = SctpChunk['type'];
export type ChunkOf<K extends SctpChunkName> = Extract<SctpChunk, { type: K }>;

/** §3.3.1 DATA. Flags: I (RFC 7053 §3, SACK immediately), U unordered, B beginning, E ending fragment. */
export interface DataChunk {
  type: 'data';
  tsn: number;
  streamId: number;
  /** Stream Sequence Number; ignored by the receiver when `unordered`. */
  ssn: number;
  ppid: number;
  unordered: boolean;
  beginning: boolean;
  ending: boolean;
  /** RFC 7053 I bit: the sender asks for a SACK without delay. */
  immediate?: boolean;
  userData: Buffer;
}

/** §3.3.2 INIT and §3.3.3 INIT ACK share the fixed part. */
interface InitFields {
  initiateTag: number;
  /** Advertised Receiver Window Credit (a_rwnd), octets. */
  arwnd: number;
  outboundStreams: number;
  inboundStreams: number;
  initialTsn: number;
  params: SctpParam[];
}

export interface InitChunk extends InitFields {
  type: 'init';
}

/** §3.3.3: the State Cookie parameter is mandatory. */
export interface InitAckChunk extends InitFields {
  type: 'init-ack';
}

/** §3.3.4: gap blocks are offsets from the Cumulative TSN Ack, both ends included. */
export interface SackChunk {
  type: 'sack';
  cumulativeTsnAck: number;
  arwnd: number;
  gapBlocks: { start: number; end: number }[];
  duplicateTsns: number[];
}

/** §3.3.5: the Heartbeat Information parameter's value, opaque to the receiver. */
export interface HeartbeatChunk {
  type: 'heartbeat';
  info: Buffer;
}

/** §3.3.6: the Heartbeat Information of the HEARTBEAT, echoed. */
export interface HeartbeatAckChunk {
  type: 'heartbeat-ack';
  info: Buffer;
}

/** §3.3.7: T bit set when the verification tag is the sender's own, reflected (§8.4, §8.5.1). */
export interface AbortChunk {
  type: 'abort';
  reflected: boolean;
  causes: ErrorCause[];
}

/** §3.3.8 */
export interface ShutdownChunk {
  type: 'shutdown';
  cumulativeTsnAck: number;
}

/** §3.3.9 */
export interface ShutdownAckChunk {
  type: 'shutdown-ack';
}

/** §3.3.10 */
export interface ErrorChunk {
  type: 'error';
  causes: ErrorCause[];
}

/** §3.3.11: the State Cookie from the INIT ACK, as received. */
export interface CookieEchoChunk {
  type: 'cookie-echo';
  cookie: Buffer;
}

/** §3.3.12 */
export interface CookieAckChunk {
  type: 'cookie-ack';
}

/** §3.3.13: T bit as in ABORT. */
export interface ShutdownCompleteChunk {
  type: 'shutdown-complete';
  reflected: boolean;
}

/** A chunk type with no codec here, kept whole (§3.2 says what to do with it: unrecognizedChunkAction). */
export interface UnknownChunk {
  type: 'unknown';
  chunkType: number;
  flags: number;
  value: Buffer;
}

/**
 * One chunk type (§3.2): its number, its name in decoded values, the flags octet it sets, and a
 * codec for its value. The chunk header (type, flags, length) and padding are handled once, in
 * chunk-list.ts, for every chunk.
 */
export interface ChunkCodec<T extends SctpChunk> {
  type: number;
  name: T['type'];
  flags(v: T): number;
  encode(v: T, w: Writer): void;
  /** Decodes the value; the reader's window is exactly the chunk's value (length − 4). */
  decode(r: Reader, flags: number): T;
  /** Octets of the value, padding excluded. */
  encodingLength(v: T): number;
}
