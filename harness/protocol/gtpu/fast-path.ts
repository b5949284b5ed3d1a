/**
 * The user-plane hot path (TS 29.281 §5.1): writing and reading G-PDU headers in place, with no
 * allocation per packet. The payload sits in a preallocated buffer; the header goes in front.
 */
export interface GpduView {
  teid: number;
  messageType: number;
  payloadOffset: number;
  payloadLength: number;
  /** -1 when the S flag is not set. */
  sequence: number;
  /** QFI of a PDU Session Container (TS 38.415 §5.5.2), -1 when there is none; read when the field exists. */
  qfi?: number;
}

/**
 * Writes a G-PDU header ending at `payloadOffset` (8 octets, or 12 with a sequence number) and
 * returns the offset where the packet starts. The caller leaves 12 octets of headroom.
 */
export function writeGpduHeader(
  buf: Buffer,
  payloadOffset: number,
  teid: number,
  payloadLength: number,
  sequence = -1,
): number {
  if (sequence < 0) {
    const at = payloadOffset - 8;
    buf[at] = 0x30;
    buf[at + 1] = 0xff;
    buf.writeUInt16BE(payloadLength, at + 2);
    buf.writeUInt32BE(teid >>> 0, at + 4);
    return at;
  }
  const at = payloadOffset - 12;
  buf[at] = 0x32;
  buf[at + 1] = 0xff;
  buf.writeUInt16BE(payloadLength + 4, at + 2);
  buf.writeUInt32BE(teid >>> 0, at + 4);
  buf.writeUInt16BE(sequence & 0xffff, at + 8);
  buf[at + 10] = 0;
  buf[at + 11] = 0;
  return at;
}

/**
 * Reads a GTP-U header at `offset` into `out` without allocating. Returns false for anything
 * that is not a well-formed GTPv1-U message within `length` octets (the caller falls back to
 * `decode` to say why). Extension headers are skipped.
 */
export function readGpduHeader(buf: Buffer, offset: number, length: number, out: GpduView): boolean {
  if (length < 8) return false;
  const flags = buf[offset];
  if ((flags & 0xf0) !== 0x30) return false;
  const msgLen = buf.readUInt16BE(offset + 2);
  if (msgLen + 8 !== length) return false;
  out.messageType = buf[offset + 1];
  out.teid = buf.readUInt32BE(offset + 4);
  let p = offset + 8;
  out.sequence = -1;
  if (out.qfi !== undefined) out.qfi = -1;
  if (flags & 0x07) {
    if (length < 12) return false;
    if (flags & 0x02) out.sequence = buf.readUInt16BE(p);
    let next = buf[p + 3];
    p += 4;
    const end = offset + length;
    while (next !== 0) {
      if (p >= end) return false;
      const units = buf[p];
      if (units === 0 || p + units * 4 > end) return false;
      if (next === 0x85 && out.qfi !== undefined) out.qfi = buf[p + 2] & 0x3f;
      p += units * 4;
      next = buf[p - 1];
    }
  }
  out.payloadOffset = p;
  out.payloadLength = offset + length - p;
  return true;
}

/**
 * Writes a G-PDU header with a PDU Session Container (TS 29.281 §5.2.2.7, TS 38.415 §5.5.2: PDU
 * type 0 = DL PDU SESSION INFORMATION, 1 = UL; QFI) ending at `payloadOffset`: 16 octets (the
 * 12-octet header with E = 1, then one 4-octet extension header). Returns where the packet starts.
 */
export function writeGpduHeaderWithQfi(
  buf: Buffer,
  payloadOffset: number,
  teid: number,
  payloadLength: number,
  pduType: 0 | 1,
  qfi: number,
): number {
  const at = payloadOffset - 16;
  buf[at] = 0x34;
  buf[at + 1] = 0xff;
  buf.writeUInt16BE(payloadLength + 8, at + 2);
  buf.writeUInt32BE(teid >>> 0, at + 4);
  buf[at + 8] = 0;
  buf[at + 9] = 0;
  buf[at + 10] = 0;
  buf[at + 11] = 0x85;
  buf[at + 12] = 1;
  buf[at + 13] = pduType << 4;
  buf[at + 14] = qfi & 0x3f;
  buf[at + 15] = 0;
  return at;
}
