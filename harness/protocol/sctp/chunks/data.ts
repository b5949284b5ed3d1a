import { CHUNK_TYPE } from '../constants.ts';
import type { ChunkCodec, DataChunk } from './types.ts';

/** §3.3.1 flags: I (RFC 7053 §3), U, B, E. */
export const DATA_FLAG = { IMMEDIATE: 0x08, UNORDERED: 0x04, BEGINNING: 0x02, ENDING: 0x01 } as const;

/** §3.3.1 DATA: TSN, Stream Identifier, Stream Sequence Number, Payload Protocol Identifier, User Data. */
export const data: ChunkCodec<DataChunk> = {
  type: CHUNK_TYPE.DATA,
  name: 'data',
  flags: (v) =>
    (v.immediate ? DATA_FLAG.IMMEDIATE : 0) |
    (v.unordered ? DATA_FLAG.UNORDERED : 0) |
    (v.beginning ? DATA_FLAG.BEGINNING : 0) |
    (v.ending ? DATA_FLAG.ENDING : 0),
  encode(v, w) {
    w.u32(v.tsn, 'TSN').u16(v.streamId, 'Stream Identifier').u16(v.ssn, 'Stream Sequence Number');
    w.u32(v.ppid, 'Payload Protocol Identifier').bytes(v.userData);
  },
  decode(r, flags) {
    const chunk: DataChunk = {
      type: 'data',
      tsn: r.u32(),
      streamId: r.u16(),
      ssn: r.u16(),
      ppid: r.u32(),
      unordered: (flags & DATA_FLAG.UNORDERED) !== 0,
      beginning: (flags & DATA_FLAG.BEGINNING) !== 0,
      ending: (flags & DATA_FLAG.ENDING) !== 0,
      userData: r.rest(),
    };
    if (flags & DATA_FLAG.IMMEDIATE) chunk.immediate = true;
    return chunk;
  },
  encodingLength: (v) => 12 + v.userData.length,
};
