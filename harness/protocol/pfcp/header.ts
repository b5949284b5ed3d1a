import type { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';

/**
 * PFCP message header (TS 29.244 §7.2.2): octet 1 Version (bits 8-6, = 1), spare, FO (bit 3),
 * MP (bit 2), S (bit 1); message type; message length (octets after the first 4); SEID (8
 * octets) when S = 1; 24-bit sequence number; message priority (bits 8-5) when MP = 1, else spare.
 */
export const PFCP_VERSION = 1;

export interface PfcpHeader {
  messageType: number;
  /** Octets after the first 4: the rest of the header and the IEs. */
  length: number;
  seid?: bigint;
  sequence: number;
  priority?: number;
  followOn: boolean;
  /**
   * Spare header bits kept when a peer set them: bits 5-4 of octet 1 as bits 9-8, and the spare
   * bits of the octet after the sequence number (bits 8-1, or 4-1 with MP) as bits 7-0.
   */
  spare?: number;
}

export function headerLength(hasSeid: boolean): number {
  return hasSeid ? 16 : 8;
}

/** Writes the header with a placeholder length; returns the offset of the length field. */
export function writeHeader(w: Writer, h: Omit<PfcpHeader, 'length'>): number {
  const p = w.protocol;
  if (h.seid !== undefined && (h.seid < 0n || h.seid > 0xffff_ffff_ffff_ffffn))
    throw new EncodeError(p, 'SEID', `${h.seid} is not in 0..2^64-1`);
  if (h.priority !== undefined && h.priority !== (h.priority & 0x0f))
    throw new EncodeError(p, 'message priority', `${h.priority} is not in 0..15`);
  const spare = h.spare ?? 0;
  w.u8(
    (PFCP_VERSION << 5) |
      ((spare >> 5) & 0x18) |
      (h.followOn ? 0x04 : 0) |
      (h.priority !== undefined ? 0x02 : 0) |
      (h.seid !== undefined ? 0x01 : 0),
  );
  w.u8(h.messageType, 'message type');
  const at = w.reserve(2);
  if (h.seid !== undefined) w.u64(h.seid);
  w.u24(h.sequence, 'sequence number');
  w.u8(h.priority !== undefined ? (h.priority << 4) | (spare & 0x0f) : spare & 0xff);
  return at;
}

/** Reads the header; the reader is left at the first IE. */
export function readHeader(r: Reader): PfcpHeader {
  const start = r.offset;
  r.at('header');
  const flags = r.u8();
  const version = flags >> 5;
  if (version !== PFCP_VERSION) r.fail(`version ${version}, expected ${PFCP_VERSION}`, start);
  const messageType = r.u8();
  const length = r.u16();
  const s = (flags & 0x01) !== 0;
  if (length < headerLength(s) - 4) r.fail(`message length ${length} shorter than the header`, start + 2);
  if (length > r.remaining) r.fail(`message length ${length} exceeds the ${r.remaining} octet(s) received`, start + 2);
  const h: PfcpHeader = { messageType, length, sequence: 0, followOn: (flags & 0x04) !== 0 };
  if (s) h.seid = r.u64();
  h.sequence = r.u24();
  const last = r.u8();
  if (flags & 0x02) h.priority = last >> 4;
  const spare = ((flags & 0x18) << 5) | (last & (flags & 0x02 ? 0x0f : 0xff));
  if (spare) h.spare = spare;
  return h;
}
