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
  /**
   * QoS Flow Identifier of a PDU Session Container extension header (TS 38.415 §5.5.2), -1 when
   * the packet has none; set only on views that have the field.
   */
  qfi?: number;
  /** Its PDU type: 0 DL PDU SESSION INFORMATION, 1 UL (TS 38.415 §5.5.3.1); -1 when none. */
  pduType?: number;
}

/** Extension header type of the PDU Session Container (TS 29.281 §5.2.1, Figure 5.2.1-3). */
const PDU_SESSION_CONTAINER = 0x85;

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
 * Writes a G-PDU header with one PDU Session Container (TS 29.281 §5.2.2.7; TS 38.415 §5.5.2.1
 * DL / §5.5.2.2 UL PDU SESSION INFORMATION with only PDU type and QFI set) ending at
 * `payloadOffset`: 16 octets (8 mandatory, sequence number, N-PDU number and next extension
 * header type 0x85, then the container: length 1, two octets, next type 0). Returns where the
 * packet starts; the caller leaves 16 octets of headroom. N3 and N9 G-PDUs carry it both ways.
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
  buf[at + 11] = PDU_SESSION_CONTAINER;
  buf[at + 12] = 1;
  buf[at + 13] = pduType << 4;
  buf[at + 14] = qfi & 0x3f;
  buf[at + 15] = 0;
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
  if (out.qfi !== undefined) {
    out.qfi = -1;
    out.pduType = -1;
  }
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
      if (next === PDU_SESSION_CONTAINER && out.qfi !== undefined) {
        out.pduType = buf[p + 1] >> 4;
        out.qfi = buf[p + 2] & 0x3f;
      }
      p += units * 4;
      next = buf[p - 1];
    }
  }
  out.payloadOffset = p;
  out.payloadLength = offset + length - p;
  return true;
}
