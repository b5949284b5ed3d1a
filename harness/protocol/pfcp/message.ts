import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import { CODECS, GROUPED, type GroupedName, type PfcpIe } from './ies.ts';

/**
 * PFCP messages (TS 29.244 §7.2.2 header): version 1, FO, MP and S flags, message type, length
 * (after the first 4 octets), SEID when S = 1 (session messages), 24-bit sequence number, message
 * priority when MP = 1; then IEs with 2-octet type and length (§8.1.1).
 */
export const PFCP_MESSAGE_TYPES = {
  'heartbeat-request': 1,
  'heartbeat-response': 2,
  'association-setup-request': 5,
  'association-setup-response': 6,
  'session-establishment-request': 50,
  'session-establishment-response': 51,
  'session-modification-request': 52,
  'session-modification-response': 53,
  'session-deletion-request': 54,
  'session-deletion-response': 55,
} as const;

export type PfcpMessageType = keyof typeof PFCP_MESSAGE_TYPES | 'unknown';

export interface PfcpMessage {
  type: PfcpMessageType;
  messageType?: number;
  /** Present exactly when the S flag is set. */
  seid?: bigint;
  sequence: number;
  priority?: number;
  /** FO: another message follows in the same datagram (§7.2.2.1). */
  followOn?: boolean;
  ies: PfcpIe[];
}

export const PFCP_PORT = 8805;
const PROTOCOL = 'pfcp';

/** §8.2.1 Cause values the harness names. */
export const PFCP_CAUSE_NAMES: Readonly<Record<number, string>> = {
  1: 'Request accepted',
  64: 'Request rejected (reason not specified)',
  65: 'Session context not found',
  66: 'Mandatory IE missing',
  67: 'Conditional IE missing',
  68: 'Invalid length',
  69: 'Mandatory IE incorrect',
  72: 'No established PFCP Association',
  73: 'Rule creation/modification Failure',
};

const BY_NUMBER = new Map<number, PfcpMessageType>(Object.entries(PFCP_MESSAGE_TYPES).map(([k, v]) => [v, k as PfcpMessageType]));
const BY_TYPE = new Map(CODECS.map((c) => [c.type, c]));
const BY_NAME = new Map(CODECS.map((c) => [c.name, c]));
const GROUPED_BY_TYPE = new Map<number, GroupedName>(Object.entries(GROUPED).map(([k, v]) => [v, k as GroupedName]));
const scratch = Buffer.allocUnsafe(4 * 65540);

function writeIes(w: Writer, ies: readonly PfcpIe[]): void {
  for (const ie of ies) {
    const grouped = ie.ie in GROUPED ? GROUPED[ie.ie as GroupedName] : undefined;
    const type = ie.ie === 'unknown' ? ie.type : grouped ?? BY_NAME.get(ie.ie)?.type;
    if (type === undefined) throw new EncodeError(PROTOCOL, ie.ie, 'no codec for this IE');
    w.u16(type, 'IE type');
    const at = w.reserve(2);
    if (ie.ie === 'unknown') w.bytes(ie.data);
    else if (grouped !== undefined) writeIes(w, (ie as { ies: PfcpIe[] }).ies);
    else BY_NAME.get(ie.ie)!.encode(ie as never, w);
    const len = w.offset - at - 2;
    if (len > 0xffff) throw new EncodeError(PROTOCOL, ie.ie, `value of ${len} octets exceeds 65535`);
    w.buf.writeUInt16BE(len, at);
  }
}

function readIes(r: Reader): PfcpIe[] {
  const ies: PfcpIe[] = [];
  while (r.remaining > 0) {
    r.element = 'IE header';
    const type = r.u16();
    const len = r.u16();
    const grouped = GROUPED_BY_TYPE.get(type);
    const codec = BY_TYPE.get(type);
    r.element = grouped ?? codec?.name ?? `IE type ${type}`;
    const saved = r.window(len);
    if (grouped) ies.push({ ie: grouped, ies: readIes(r) });
    else if (codec) {
      ies.push(codec.decode(r));
      if (r.remaining > 0) r.fail(`${r.remaining} octet(s) left in the IE`);
    } else ies.push({ ie: 'unknown', type, data: r.rest() });
    r.end = saved;
  }
  return ies;
}

export function encode(m: PfcpMessage): Buffer {
  const type = m.type === 'unknown' ? m.messageType : PFCP_MESSAGE_TYPES[m.type];
  if (type === undefined) throw new EncodeError(PROTOCOL, 'message type', 'an unknown message needs messageType');
  const w = new Writer(scratch, 0, PROTOCOL);
  try {
    w.u8(0x20 | (m.followOn ? 4 : 0) | (m.priority !== undefined ? 2 : 0) | (m.seid !== undefined ? 1 : 0));
    w.u8(type, 'message type');
    w.reserve(2);
    if (m.seid !== undefined) w.u64(m.seid);
    w.u24(m.sequence, 'sequence number');
    w.u8(m.priority !== undefined ? (m.priority & 0x0f) << 4 : 0);
    writeIes(w, m.ies);
  } catch (e) {
    if (e instanceof RangeError) throw new EncodeError(PROTOCOL, 'message', 'exceeds the maximum PFCP message length');
    throw e;
  }
  if (w.offset - 4 > 0xffff) throw new EncodeError(PROTOCOL, 'message', 'exceeds 65535 octets');
  scratch.writeUInt16BE(w.offset - 4, 2);
  return Buffer.from(scratch.subarray(0, w.offset));
}

export function encodingLength(m: PfcpMessage): number {
  return encode(m).length;
}

export function decode(buf: Buffer): PfcpMessage {
  const r = Reader.of(buf, PROTOCOL).at('header');
  const flags = r.u8();
  if (flags >> 5 !== 1) r.fail(`version ${flags >> 5}, expected 1`, 0);
  const typeNumber = r.u8();
  const length = r.u16();
  const saved = r.window(length);
  const type = BY_NUMBER.get(typeNumber) ?? 'unknown';
  const m: PfcpMessage = { type, sequence: 0, ies: [] };
  if (type === 'unknown') m.messageType = typeNumber;
  if (flags & 1) m.seid = r.u64();
  m.sequence = r.u24();
  const last = r.u8();
  if (flags & 2) m.priority = last >> 4;
  if (flags & 4) m.followOn = true;
  m.ies = readIes(r);
  r.end = saved;
  if (r.remaining > 0 && !(flags & 4)) throw new DecodeError(PROTOCOL, 'message', r.offset, `${r.remaining} octet(s) after the message`);
  return m;
}
