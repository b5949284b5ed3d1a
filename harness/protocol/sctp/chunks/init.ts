import { CHUNK_TYPE } from '../constants.ts';
import { PARAMS } from '../params.ts';
import type { ChunkCodec, InitAckChunk, InitChunk } from './types.ts';

/**
 * §3.3.2 INIT and §3.3.3 INIT ACK: Initiate Tag, a_rwnd, Number of Outbound Streams, Number of
 * Inbound Streams, Initial TSN, then optional/variable-length parameters.
 */
function initCodec<T extends InitChunk | InitAckChunk>(type: number, name: T['type']): ChunkCodec<T> {
  return {
    type,
    name,
    flags: () => 0,
    encode(v, w) {
      w.u32(v.initiateTag, 'Initiate Tag').u32(v.arwnd, 'a_rwnd');
      w.u16(v.outboundStreams, 'Number of Outbound Streams').u16(v.inboundStreams, 'Number of Inbound Streams');
      w.u32(v.initialTsn, 'Initial TSN');
      PARAMS.writeList(w, v.params);
    },
    decode(r) {
      const initiateTag = r.u32();
      const arwnd = r.u32();
      const outboundStreams = r.u16();
      const inboundStreams = r.u16();
      const initialTsn = r.u32();
      return {
        type: name,
        initiateTag,
        arwnd,
        outboundStreams,
        inboundStreams,
        initialTsn,
        params: PARAMS.readList(r),
      } as T;
    },
    encodingLength: (v) => 16 + PARAMS.listLength(v.params),
  };
}

export const init = initCodec<InitChunk>(CHUNK_TYPE.INIT, 'init');
export const initAck = initCodec<InitAckChunk>(CHUNK_TYPE.INIT_ACK, 'init-ack');
