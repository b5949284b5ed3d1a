import { CHUNK_TYPE } from '../constants.ts';
import type { ChunkCodec, SackChunk } from './types.ts';

/**
 * §3.3.4 SACK: Cumulative TSN Ack, a_rwnd, Number of Gap Ack Blocks, Number of Duplicate TSNs,
 * the gap blocks (16-bit start and end offsets from the Cumulative TSN Ack), the duplicate TSNs.
 */
export const sack: ChunkCodec<SackChunk> = {
  type: CHUNK_TYPE.SACK,
  name: 'sack',
  flags: () => 0,
  encode(v, w) {
    w.u32(v.cumulativeTsnAck, 'Cumulative TSN Ack').u32(v.arwnd, 'a_rwnd');
    w.u16(v.gapBlocks.length, 'Number of Gap Ack Blocks').u16(v.duplicateTsns.length, 'Number of Duplicate TSNs');
    for (const g of v.gapBlocks) w.u16(g.start, 'Gap Ack Block Start').u16(g.end, 'Gap Ack Block End');
    for (const t of v.duplicateTsns) w.u32(t, 'Duplicate TSN');
  },
  decode(r) {
    const cumulativeTsnAck = r.u32();
    const arwnd = r.u32();
    const nGaps = r.u16();
    const nDups = r.u16();
    if (r.remaining !== 4 * nGaps + 4 * nDups)
      r.fail(`${nGaps} gap blocks and ${nDups} duplicate TSNs need ${4 * (nGaps + nDups)} octets, ${r.remaining} left`);
    const gapBlocks: { start: number; end: number }[] = [];
    for (let i = 0; i < nGaps; i++) gapBlocks.push({ start: r.u16(), end: r.u16() });
    const duplicateTsns: number[] = [];
    for (let i = 0; i < nDups; i++) duplicateTsns.push(r.u32());
    return { type: 'sack', cumulativeTsnAck, arwnd, gapBlocks, duplicateTsns };
  },
  encodingLength: (v) => 12 + 4 * v.gapBlocks.length + 4 * v.duplicateTsns.length,
};
