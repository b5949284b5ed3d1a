import { CAUSES } from '../causes.ts';
import { CHUNK_TYPE, PARAM_TYPE } from '../constants.ts';
import type {
  AbortChunk,
  ChunkCodec,
  CookieAckChunk,
  CookieEchoChunk,
  ErrorChunk,
  HeartbeatAckChunk,
  HeartbeatChunk,
  ShutdownAckChunk,
  ShutdownChunk,
  ShutdownCompleteChunk,
} from './types.ts';

/** §3.3.7, §3.3.13: the T bit. */
export const T_BIT = 0x01;

/**
 * §3.3.5 HEARTBEAT and §3.3.6 HEARTBEAT ACK: one Heartbeat Info parameter (type 1), its value
 * opaque to the receiver and echoed back unchanged.
 */
function heartbeatCodec<T extends HeartbeatChunk | HeartbeatAckChunk>(type: number, name: T['type']): ChunkCodec<T> {
  return {
    type,
    name,
    flags: () => 0,
    encode(v, w) {
      w.u16(PARAM_TYPE.HEARTBEAT_INFO, 'Heartbeat Info Type').u16(4 + v.info.length, 'HB Info Length');
      w.bytes(v.info);
    },
    decode(r) {
      r.element = `${name} Heartbeat Info`;
      const paramType = r.u16();
      const length = r.u16();
      if (paramType !== PARAM_TYPE.HEARTBEAT_INFO) r.fail(`parameter type ${paramType}, expected Heartbeat Info (1)`);
      if (length < 4 || length - 4 > r.remaining) r.fail(`HB Info Length ${length} does not fit`);
      const info = r.bytes(length - 4);
      // Padding of the parameter, when a sender counted it in the chunk length.
      r.skip(Math.min(r.remaining, 3));
      return { type: name, info } as T;
    },
    encodingLength: (v) => 4 + v.info.length,
  };
}

export const heartbeat = heartbeatCodec<HeartbeatChunk>(CHUNK_TYPE.HEARTBEAT, 'heartbeat');
export const heartbeatAck = heartbeatCodec<HeartbeatAckChunk>(CHUNK_TYPE.HEARTBEAT_ACK, 'heartbeat-ack');

export const abort: ChunkCodec<AbortChunk> = {
  type: CHUNK_TYPE.ABORT,
  name: 'abort',
  flags: (v) => (v.reflected ? T_BIT : 0),
  encode: (v, w) => CAUSES.writeList(w, v.causes),
  decode: (r, flags) => ({ type: 'abort', reflected: (flags & T_BIT) !== 0, causes: CAUSES.readList(r) }),
  encodingLength: (v) => CAUSES.listLength(v.causes),
};

export const error: ChunkCodec<ErrorChunk> = {
  type: CHUNK_TYPE.ERROR,
  name: 'error',
  flags: () => 0,
  encode: (v, w) => CAUSES.writeList(w, v.causes),
  decode: (r) => ({ type: 'error', causes: CAUSES.readList(r) }),
  encodingLength: (v) => CAUSES.listLength(v.causes),
};

export const shutdown: ChunkCodec<ShutdownChunk> = {
  type: CHUNK_TYPE.SHUTDOWN,
  name: 'shutdown',
  flags: () => 0,
  encode: (v, w) => void w.u32(v.cumulativeTsnAck, 'Cumulative TSN Ack'),
  decode: (r) => ({ type: 'shutdown', cumulativeTsnAck: r.u32() }),
  encodingLength: () => 4,
};

export const shutdownAck: ChunkCodec<ShutdownAckChunk> = {
  type: CHUNK_TYPE.SHUTDOWN_ACK,
  name: 'shutdown-ack',
  flags: () => 0,
  encode() {},
  decode: () => ({ type: 'shutdown-ack' }),
  encodingLength: () => 0,
};

export const cookieEcho: ChunkCodec<CookieEchoChunk> = {
  type: CHUNK_TYPE.COOKIE_ECHO,
  name: 'cookie-echo',
  flags: () => 0,
  encode: (v, w) => void w.bytes(v.cookie),
  decode: (r) => ({ type: 'cookie-echo', cookie: r.rest() }),
  encodingLength: (v) => v.cookie.length,
};

export const cookieAck: ChunkCodec<CookieAckChunk> = {
  type: CHUNK_TYPE.COOKIE_ACK,
  name: 'cookie-ack',
  flags: () => 0,
  encode() {},
  decode: () => ({ type: 'cookie-ack' }),
  encodingLength: () => 0,
};

export const shutdownComplete: ChunkCodec<ShutdownCompleteChunk> = {
  type: CHUNK_TYPE.SHUTDOWN_COMPLETE,
  name: 'shutdown-complete',
  flags: (v) => (v.reflected ? T_BIT : 0),
  encode() {},
  decode: (_r, flags) => ({ type: 'shutdown-complete', reflected: (flags & T_BIT) !== 0 }),
  encodingLength: () => 0,
};
