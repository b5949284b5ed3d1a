import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError } from '../common/decode-error.ts';
import { chunksLength, readChunk, writeChunk } from './chunks/chunk-list.ts';
import type { SctpChunk } from './chunks/types.ts';
import { COMMON_HEADER_LENGTH } from './constants.ts';
import { checksumValid, writeChecksum } from './crc32c.ts';

/**
 * One SCTP packet (RFC 9260 §3): the common header (§3.1: Source Port, Destination Port,
 * Verification Tag, Checksum) and one or more chunks. The encoder computes the CRC32c checksum;
 * the decoder reports whether it verifies (§6.8: a receiver discards a packet whose checksum is
 * wrong) and keeps the value.
 */
export interface SctpPacket {
  srcPort: number;
  dstPort: number;
  verificationTag: number;
  chunks: SctpChunk[];
}

export interface DecodedSctpPacket extends SctpPacket {
  checksum: number;
  checksumValid: boolean;
}

export function packetLength(p: SctpPacket): number {
  return COMMON_HEADER_LENGTH + chunksLength(p.chunks);
}

/** Encodes into `out` at `offset` (allocated when absent) and returns the packet's octets. */
export function encodePacket(p: SctpPacket, out?: Buffer, offset = 0): Buffer {
  const length = packetLength(p);
  const buf = out ?? Buffer.allocUnsafe(length);
  if (offset + length > buf.length) throw new RangeError(`packet of ${length} octets does not fit the buffer`);
  const w = new Writer(buf, offset, 'sctp');
  w.u16(p.srcPort, 'Source Port Number').u16(p.dstPort, 'Destination Port Number');
  w.u32(p.verificationTag, 'Verification Tag').u32(0);
  for (const c of p.chunks) writeChunk(w, c);
  const packet = buf.subarray(offset, w.offset);
  writeChecksum(packet);
  return packet;
}

/** Decodes a packet; a malformed one throws DecodeError naming the chunk and offset. */
export function decodePacket(buf: Buffer): DecodedSctpPacket {
  if (buf.length < COMMON_HEADER_LENGTH)
    throw new DecodeError('sctp', 'common header', 0, `${buf.length} octets, needs ${COMMON_HEADER_LENGTH}`);
  const r = Reader.of(buf, 'sctp').at('common header');
  const srcPort = r.u16();
  const dstPort = r.u16();
  const verificationTag = r.u32();
  const checksum = buf.readUInt32LE(8);
  r.skip(4);
  const chunks: SctpChunk[] = [];
  while (r.remaining > 0) chunks.push(readChunk(r));
  if (chunks.length === 0) throw new DecodeError('sctp', 'packet', COMMON_HEADER_LENGTH, 'no chunk');
  return { srcPort, dstPort, verificationTag, chunks, checksum, checksumValid: checksumValid(buf) };
}
