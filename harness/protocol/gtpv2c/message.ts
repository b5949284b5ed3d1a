import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import type { Gtpv2cIe } from './ies/index.ts';
import { iesLength, readIes, writeIes } from './ie-list.ts';
import { MESSAGE_TYPES, messageTypeName, type Gtpv2cMessageType } from './messages.ts';

/**
 * A GTPv2-C message (TS 29.274 §5): header with version 2, P (piggybacking), T (TEID present) and
 * MP (message priority) flags, message type, length, optional TEID, 24-bit sequence number, then
 * IEs. A piggybacked message (§5.5, e.g. Create Bearer Request after Create Session Response)
 * follows the first one's `length` and is decoded into `piggybacked`.
 */
export interface Gtpv2cMessage {
  type: Gtpv2cMessageType;
  /** The message type number, for types this codec does not name (`type: 'unknown'`). */
  messageType?: number;
  /** Present exactly when the T flag is set. */
  teid?: number;
  sequence: number;
  /** Message priority (§5.4, MP flag), 0-15. */
  priority?: number;
  /**
   * Spare header bits kept when a peer set them (§5.1): bits 2-1 of octet 1 as bits 9-8, and the
   * spare bits of the octet after the sequence number (bits 8-1, or 4-1 with MP) as bits 7-0.
   */
  spare?: number;
  ies: Gtpv2cIe[];
  piggybacked?: Gtpv2cMessage;
}

export const GTPV2C_PORT = 2123;
const PROTOCOL = 'gtpv2c';

function headerLength(m: Gtpv2cMessage): number {
  return m.teid !== undefined ? 12 : 8;
}

export function encodingLength(m: Gtpv2cMessage): number {
  return headerLength(m) + iesLength(m.ies) + (m.piggybacked ? encodingLength(m.piggybacked) : 0);
}

/**
 * Messages are written straight into a slab and handed out as views of it (as Node's own Buffer
 * pool does): no length pass ahead, no copy after. Lengths are filled in as the writer goes. A
 * message that does not fit the slab's free part (rare: the slab keeps ≥ 8 KiB free) is written
 * into a scratch buffer big enough for the §5.5 maximum (a message and its piggybacked message,
 * 2 × 65,539 octets) and copied out.
 */
const SLAB_SIZE = 64 * 1024;
const SLAB_MIN_FREE = 8 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabOffset = 0;
let scratch: Buffer | undefined;

export function encode(m: Gtpv2cMessage): Buffer {
  if (SLAB_SIZE - slabOffset < SLAB_MIN_FREE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabOffset = 0;
  }
  const start = slabOffset;
  const w = new Writer(slab, start, PROTOCOL);
  try {
    writeMessage(w, m);
  } catch (e) {
    if (e instanceof RangeError) return encodeLarge(m);
    throw e;
  }
  // Single-octet stores past the end are dropped silently by typed arrays; the offset still tells.
  if (w.offset > SLAB_SIZE) return encodeLarge(m);
  // 8-octet alignment for the next message, as Node's pool keeps.
  slabOffset = (w.offset + 7) & ~7;
  return slab.subarray(start, w.offset);
}

function encodeLarge(m: Gtpv2cMessage): Buffer {
  scratch ??= Buffer.allocUnsafeSlow(4 * 65540);
  const w = new Writer(scratch, 0, PROTOCOL);
  try {
    writeMessage(w, m);
  } catch (e) {
    // Only a message far past the 65,535-octet limit runs off the scratch buffer.
    if (e instanceof RangeError)
      throw new EncodeError(PROTOCOL, 'message', 'exceeds the maximum GTPv2-C message length');
    throw e;
  }
  if (w.offset > scratch.length)
    throw new EncodeError(PROTOCOL, 'message', 'exceeds the maximum GTPv2-C message length');
  return Buffer.from(scratch.subarray(0, w.offset));
}

/** Writes the message at `offset` of `buf`; returns the octets written. */
export function encodeInto(m: Gtpv2cMessage, buf: Buffer, offset: number): number {
  // The writer's single-octet stores do not check bounds; the whole message is checked here once.
  const n = encodingLength(m);
  if (offset + n > buf.length)
    throw new EncodeError(PROTOCOL, 'message', `needs ${n} octets at offset ${offset}, the buffer has ${buf.length}`);
  const w = new Writer(buf, offset, PROTOCOL);
  writeMessage(w, m);
  return w.offset - offset;
}

function writeMessage(w: Writer, m: Gtpv2cMessage): void {
  const type = m.type === 'unknown' ? m.messageType : MESSAGE_TYPES[m.type];
  if (type === undefined) throw new EncodeError(PROTOCOL, 'message type', 'an unknown message needs messageType');
  const start = w.offset;
  const spare = m.spare ?? 0;
  w.u8(
    (2 << 5) |
      (m.piggybacked ? 0x10 : 0) |
      (m.teid !== undefined ? 0x08 : 0) |
      (m.priority !== undefined ? 0x04 : 0) |
      ((spare >> 8) & 0x03),
  );
  w.u8(type, 'message type');
  w.reserve(2);
  if (m.teid !== undefined) w.u32(m.teid, 'TEID');
  w.u24(m.sequence, 'sequence number');
  w.u8(m.priority !== undefined ? ((m.priority & 0x0f) << 4) | (spare & 0x0f) : spare & 0xff, 'message priority');
  writeIes(w, m.ies);
  const length = w.offset - start - 4;
  if (length > 0xffff) throw new EncodeError(PROTOCOL, 'message length', `${length} octets exceeds 65535`);
  w.buf[start + 2] = length >>> 8;
  w.buf[start + 3] = length;
  if (m.piggybacked) writeMessage(w, m.piggybacked);
}

/** The version field of a GTP header (1 = GTPv1, 2 = GTPv2), to answer Version Not Supported. */
export function peekVersion(buf: Buffer): number | undefined {
  return buf.length > 0 ? buf[0] >> 5 : undefined;
}

export function decode(buf: Buffer): Gtpv2cMessage {
  return readMessage(Reader.of(buf, PROTOCOL), true);
}

function readMessage(r: Reader, mayPiggyback: boolean): Gtpv2cMessage {
  const start = r.offset;
  r.at('header');
  const flags = r.u8();
  const version = flags >> 5;
  if (version !== 2) r.fail(`version ${version}, expected 2`, start);
  const typeNumber = r.u8();
  const length = r.u16();
  const t = (flags & 0x08) !== 0;
  if (length < (t ? 8 : 4)) r.fail(`length ${length} shorter than the header`, start + 2);
  r.element = 'message';
  const saved = r.window(length);
  const type = messageTypeName(typeNumber);
  const m: Gtpv2cMessage = { type, sequence: 0, ies: [] };
  if (type === 'unknown') m.messageType = typeNumber;
  r.element = 'header';
  if (t) m.teid = r.u32();
  m.sequence = r.u24();
  const last = r.u8();
  if (flags & 0x04) m.priority = last >> 4;
  const spare = ((flags & 0x03) << 8) | (last & (flags & 0x04 ? 0x0f : 0xff));
  if (spare) m.spare = spare;
  m.ies = readIes(r);
  r.end = saved;
  if (flags & 0x10) {
    if (!mayPiggyback) r.fail('a piggybacked message must not itself have the P flag', start);
    if (r.remaining === 0) r.fail('P flag set but no piggybacked message follows', start);
    m.piggybacked = readMessage(r, false);
  }
  if (r.remaining > 0)
    throw new DecodeError(PROTOCOL, 'message', r.offset, `${r.remaining} octet(s) after the message`);
  return m;
}
