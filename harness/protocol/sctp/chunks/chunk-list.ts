import type { Reader, Writer } from '../../common/cursor.ts';
import { EncodeError } from '../../common/decode-error.ts';
import { pad4 } from '../tlv.ts';
import {
  abort,
  cookieAck,
  cookieEcho,
  error,
  heartbeat,
  heartbeatAck,
  shutdown,
  shutdownAck,
  shutdownComplete,
} from './control.ts';
import { data } from './data.ts';
import { init, initAck } from './init.ts';
import { sack } from './sack.ts';
import type { ChunkCodec, SctpChunk } from './types.ts';

/**
 * Chunks of a packet (RFC 9260 §3.2): type (1 octet), flags (1), length (2, header and value,
 * no padding), the value, zero padding to a multiple of 4. One table maps type numbers and names
 * to codecs; a type with no codec is kept as an `unknown` chunk.
 */
type AnyCodec = ChunkCodec<SctpChunk>;

const CODECS = [
  data,
  init,
  initAck,
  sack,
  heartbeat,
  heartbeatAck,
  abort,
  shutdown,
  shutdownAck,
  error,
  cookieEcho,
  cookieAck,
  shutdownComplete,
] as unknown as AnyCodec[];

const BY_TYPE: (AnyCodec | undefined)[] = new Array(256);
for (const c of CODECS) BY_TYPE[c.type] = c;
const BY_NAME = new Map<string, AnyCodec>(CODECS.map((c) => [c.name, c]));

function codecOf(c: SctpChunk): AnyCodec {
  const codec = BY_NAME.get(c.type);
  if (!codec) throw new EncodeError('sctp', c.type, 'no codec for this chunk');
  return codec;
}

/** The chunk type number of a chunk. */
export function chunkTypeOf(c: SctpChunk): number {
  return c.type === 'unknown' ? c.chunkType : codecOf(c).type;
}

/** The chunk's Length field: header and value, padding excluded. */
export function chunkLength(c: SctpChunk): number {
  return 4 + (c.type === 'unknown' ? c.value.length : codecOf(c).encodingLength(c));
}

/** Octets the chunks take in a packet, every chunk padded (the last one too, §3.2). */
export function chunksLength(chunks: readonly SctpChunk[]): number {
  let n = 0;
  for (const c of chunks) n += pad4(chunkLength(c));
  return n;
}

export function writeChunk(w: Writer, c: SctpChunk): void {
  const start = w.offset;
  if (c.type === 'unknown') {
    w.u8(c.chunkType, 'Chunk Type').u8(c.flags, 'Chunk Flags');
    w.reserve(2);
    w.bytes(c.value);
  } else {
    const codec = codecOf(c);
    w.u8(codec.type, 'Chunk Type').u8(codec.flags(c), 'Chunk Flags');
    w.reserve(2);
    codec.encode(c, w);
  }
  const length = w.offset - start;
  if (length > 0xffff) throw new EncodeError('sctp', c.type, `chunk of ${length} octets exceeds 65535`);
  w.buf[start + 2] = length >>> 8;
  w.buf[start + 3] = length & 0xff;
  while ((w.offset - start) & 3) w.buf[w.offset++] = 0;
}

/** Reads one chunk at the reader's offset, and its padding (where the packet has it). */
export function readChunk(r: Reader): SctpChunk {
  r.element = 'chunk header';
  const at = r.offset;
  const type = r.u8();
  const flags = r.u8();
  const length = r.u16();
  if (length < 4) r.fail(`Chunk Length ${length} is shorter than the chunk header`, at + 2);
  const codec = BY_TYPE[type];
  r.element = codec ? codec.name : `chunk type ${type}`;
  const saved = r.window(length - 4);
  let chunk: SctpChunk;
  if (codec) {
    chunk = codec.decode(r, flags);
    if (r.remaining > 0) r.fail(`${r.remaining} octet(s) after the value`);
  } else chunk = { type: 'unknown', chunkType: type, flags, value: r.rest() };
  r.end = saved;
  // The last chunk's padding may be missing; anything else must be there.
  r.skip(Math.min(pad4(length) - length, r.remaining));
  return chunk;
}

/**
 * §3.2: what the two highest bits of an unrecognized chunk type ask of the receiver. 00 stop
 * processing the packet (discard it); 01 stop and report it in an ERROR chunk (Unrecognized
 * Chunk Type); 10 skip the chunk and go on; 11 skip, go on and report.
 */
export function unrecognizedChunkAction(chunkType: number): { skip: boolean; report: boolean } {
  return { skip: (chunkType & 0x80) !== 0, report: (chunkType & 0x40) !== 0 };
}

export { CODECS as CHUNK_CODECS };
