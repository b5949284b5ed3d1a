import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import { headerLength, readHeader, writeHeader } from './header.ts';
import { iesLength, readIes, writeIes } from './ie-list.ts';
import { messageTypeName, messageTypeNumber, type PfcpMessage } from './messages.ts';

/**
 * PFCP messages (TS 29.244 §7): header (header.ts) then IEs (ie-list.ts). Messages chained with
 * FO = 1 (§7.2.2.1) share one datagram; `followOn` holds the next one. Chains are walked in a
 * loop, not by recursion, so a datagram of many tiny messages cannot exhaust the stack.
 */
export const PFCP_PORT = 8805;
const PROTOCOL = 'pfcp';
const MAX_LENGTH = 0xffff;

function oneLength(m: PfcpMessage): number {
  return headerLength(m.seid !== undefined) + iesLength(m.ies);
}

export function encodingLength(m: PfcpMessage): number {
  let n = 0;
  for (let x: PfcpMessage | undefined = m; x; x = x.followOn) n += oneLength(x);
  return n;
}

/** Encodes into a new buffer of exactly `encodingLength(m)` octets. */
export function encode(m: PfcpMessage): Buffer;
/** Encodes at `offset` of `buf`; returns the octets written. */
export function encode(m: PfcpMessage, buf: Buffer, offset?: number): number;
export function encode(m: PfcpMessage, buf?: Buffer, offset = 0): Buffer | number {
  // Not a Buffer: called as a map() callback, encode(m, index, array).
  if (!Buffer.isBuffer(buf)) {
    const fast = encodeOnce(m);
    if (fast) return fast;
    const length = encodingLength(m);
    const out = Buffer.allocUnsafe(length);
    write(m, new Writer(out, 0, PROTOCOL), length);
    return out;
  }
  const length = encodingLength(m);
  if (offset < 0 || buf.length - offset < length)
    throw new EncodeError(
      PROTOCOL,
      'message',
      `needs ${length} octets at offset ${offset}, the buffer has ${buf.length - offset}`,
    );
  write(m, new Writer(buf, offset, PROTOCOL), length);
  return length;
}

/**
 * One pass instead of two: the message is written into a scratch buffer (IE lengths are filled in
 * after their values, as always) and copied out at its length, so the IE tree is not walked first
 * to size it — a Session Establishment Request has some 40 IEs. A message that does not fit
 * (typed-array writes past the end are dropped, the larger copies throw RangeError) is encoded
 * the sized way.
 */
const SCRATCH = Buffer.allocUnsafeSlow(MAX_LENGTH + 4 + 16);

function encodeOnce(m: PfcpMessage): Buffer | undefined {
  const w = new Writer(SCRATCH, 0, PROTOCOL);
  try {
    write(m, w);
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
  if (w.offset > SCRATCH.length) return undefined;
  const out = Buffer.allocUnsafe(w.offset);
  out.set(SCRATCH.subarray(0, w.offset));
  return out;
}

function write(m: PfcpMessage, w: Writer, length?: number): void {
  const start = w.offset;
  for (let x: PfcpMessage | undefined = m; x; x = x.followOn) {
    const first = w.offset;
    const at = writeHeader(w, {
      messageType: messageTypeNumber(x),
      seid: x.seid,
      sequence: x.sequence,
      priority: x.priority,
      followOn: x.followOn !== undefined,
      spare: x.spare,
    });
    writeIes(w, x.ies);
    const n = w.offset - first - 4;
    if (n > MAX_LENGTH)
      throw new EncodeError(PROTOCOL, 'message', `${n} octets after the first 4 exceed ${MAX_LENGTH}`);
    w.buf[at] = n >>> 8;
    w.buf[at + 1] = n & 0xff;
  }
  // encodingLength and the writers must agree: a mismatch would leave octets unwritten.
  if (length !== undefined && w.offset - start !== length)
    throw new EncodeError(PROTOCOL, 'message', `wrote ${w.offset - start} octets, expected ${length}`);
}

/** Decodes one datagram: a message, and the messages that follow it while FO = 1. */
export function decode(buf: Buffer): PfcpMessage {
  const r = Reader.of(buf, PROTOCOL);
  const first = readMessage(r);
  let last = first;
  while (last.fo) {
    if (r.remaining === 0) r.at('header').fail('FO flag set but no message follows');
    const next = readMessage(r);
    last.m.followOn = next.m;
    last = next;
  }
  if (r.remaining > 0)
    throw new DecodeError(PROTOCOL, 'message', r.offset, `${r.remaining} octet(s) after the message`);
  return first.m;
}

function readMessage(r: Reader): { m: PfcpMessage; fo: boolean } {
  const start = r.offset;
  const h = readHeader(r);
  const type = messageTypeName(h.messageType);
  const m = (
    type === 'unknown'
      ? { type, messageType: h.messageType, sequence: h.sequence, ies: [] }
      : { type, sequence: h.sequence, ies: [] }
  ) as PfcpMessage;
  if (h.seid !== undefined) m.seid = h.seid;
  if (h.priority !== undefined) m.priority = h.priority;
  if (h.spare !== undefined) m.spare = h.spare;
  const saved = r.end;
  r.end = start + 4 + h.length;
  m.ies = readIes(r);
  r.end = saved;
  return { m, fo: h.followOn };
}
