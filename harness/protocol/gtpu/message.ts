import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import { readIpv4, readIpv6, writeIpv4, writeIpv6 } from '../common/ip-bytes.ts';
import {
  extensionHeadersLength,
  firstExtensionType,
  readExtensionHeaders,
  writeExtensionHeaders,
  type ExtensionHeader,
} from './extension-headers.ts';

/**
 * GTP-U messages (TS 29.281 §5.1 header, §7 messages, §8 IEs): version 1, PT 1, E/S/PN flags,
 * message type, length (after the mandatory 8 octets), TEID, and when any flag is set the
 * sequence number, N-PDU number and next extension header type.
 */
export const GTPU_MESSAGE_TYPES = {
  'echo-request': 1,
  'echo-response': 2,
  'error-indication': 26,
  'supported-extension-headers-notification': 31,
  'end-marker': 254,
  'g-pdu': 255,
} as const;

export type GtpuMessageType = keyof typeof GTPU_MESSAGE_TYPES | 'unknown';

/** §8 IEs: Recovery (14, TV), TEID Data I (16, TV), GTP-U Peer Address (133), Extension Header Type List (141), Private Extension (255). */
export type GtpuIe =
  | { ie: 'recovery'; restartCounter: number }
  | { ie: 'teid-data-i'; teid: number }
  | { ie: 'peer-address'; address: string }
  | { ie: 'extension-header-type-list'; types: number[] }
  | { ie: 'private-extension'; enterpriseId: number; value: Buffer }
  | { ie: 'unknown'; type: number; data: Buffer };

export interface GtpuMessage {
  type: GtpuMessageType;
  messageType?: number;
  teid: number;
  /** Present when the S flag is set. */
  sequence?: number;
  /** Present when the PN flag is set. */
  npdu?: number;
  extensionHeaders: ExtensionHeader[];
  /** Signalling messages' IEs (empty for G-PDU and End Marker). */
  ies: GtpuIe[];
  /** The T-PDU of a G-PDU. */
  payload?: Buffer;
}

export const GTPU_PORT = 2152;
const PROTOCOL = 'gtpu';
const BY_NUMBER = new Map<number, GtpuMessageType>(
  Object.entries(GTPU_MESSAGE_TYPES).map(([k, v]) => [v, k as GtpuMessageType]),
);

function optional(m: GtpuMessage): boolean {
  return m.sequence !== undefined || m.npdu !== undefined || m.extensionHeaders.length > 0;
}

function ieLength(ie: GtpuIe): number {
  switch (ie.ie) {
    case 'recovery':
      return 2;
    case 'teid-data-i':
      return 5;
    case 'peer-address':
      return 3 + (ie.address.includes(':') ? 16 : 4);
    case 'extension-header-type-list':
      return 2 + ie.types.length;
    case 'private-extension':
      return 5 + ie.value.length;
    case 'unknown':
      return (ie.type < 128 ? 1 : 3) + ie.data.length;
  }
}

export function encodingLength(m: GtpuMessage): number {
  let n = 8 + (optional(m) ? 4 : 0) + extensionHeadersLength(m.extensionHeaders);
  for (const ie of m.ies) n += ieLength(ie);
  return n + (m.payload?.length ?? 0);
}

export function encode(m: GtpuMessage): Buffer {
  const buf = Buffer.allocUnsafe(encodingLength(m));
  const w = new Writer(buf, 0, PROTOCOL);
  const type = m.type === 'unknown' ? m.messageType : GTPU_MESSAGE_TYPES[m.type];
  if (type === undefined) throw new EncodeError(PROTOCOL, 'message type', 'an unknown message needs messageType');
  const e = m.extensionHeaders.length > 0;
  w.u8(0x30 | (e ? 4 : 0) | (m.sequence !== undefined ? 2 : 0) | (m.npdu !== undefined ? 1 : 0));
  w.u8(type, 'message type');
  w.u16(buf.length - 8, 'length');
  w.u32(m.teid, 'TEID');
  if (optional(m)) {
    w.u16(m.sequence ?? 0, 'sequence number');
    w.u8(m.npdu ?? 0, 'N-PDU number');
    w.u8(firstExtensionType(m.extensionHeaders));
    writeExtensionHeaders(w, m.extensionHeaders);
  }
  for (const ie of m.ies) writeIe(w, ie);
  if (m.payload) w.bytes(m.payload);
  return buf;
}

function writeIe(w: Writer, ie: GtpuIe): void {
  switch (ie.ie) {
    case 'recovery':
      w.u8(14).u8(ie.restartCounter, 'Recovery');
      return;
    case 'teid-data-i':
      w.u8(16).u32(ie.teid, 'TEID Data I');
      return;
    case 'peer-address':
      w.u8(133).u16(ie.address.includes(':') ? 16 : 4);
      if (ie.address.includes(':')) writeIpv6(w, ie.address, 'GTP-U Peer Address');
      else writeIpv4(w, ie.address, 'GTP-U Peer Address');
      return;
    case 'extension-header-type-list':
      w.u8(141).u8(ie.types.length, 'Extension Header Type List length');
      for (const t of ie.types) w.u8(t);
      return;
    case 'private-extension':
      w.u8(255)
        .u16(2 + ie.value.length)
        .u16(ie.enterpriseId)
        .bytes(ie.value);
      return;
    case 'unknown':
      w.u8(ie.type);
      if (ie.type >= 128) w.u16(ie.data.length, 'IE length');
      w.bytes(ie.data);
  }
}

/** TV IEs in GTP-U have fixed value lengths (§8.1). An unknown TV type cannot be skipped. */
const TV_LENGTHS: Readonly<Record<number, number>> = { 14: 1, 16: 4 };

function readIes(r: Reader): GtpuIe[] {
  const ies: GtpuIe[] = [];
  while (r.remaining > 0) {
    r.at('IE');
    const type = r.u8();
    if (type < 128) {
      const len = TV_LENGTHS[type];
      if (len === undefined) r.fail(`unknown TV IE type ${type}: its length is not known`, r.offset - 1);
      if (type === 14) ies.push({ ie: 'recovery', restartCounter: r.at('Recovery').u8() });
      else ies.push({ ie: 'teid-data-i', teid: r.at('TEID Data I').u32() });
      continue;
    }
    const len = type === 141 ? r.u8() : r.u16();
    const v = r.sub(len, `IE type ${type}`);
    if (type === 133) {
      if (len === 4) ies.push({ ie: 'peer-address', address: readIpv4(v) });
      else if (len === 16) ies.push({ ie: 'peer-address', address: readIpv6(v) });
      else v.fail(`GTP-U Peer Address length ${len}, must be 4 or 16`);
    } else if (type === 141) {
      ies.push({ ie: 'extension-header-type-list', types: [...v.rest()] });
    } else if (type === 255) {
      ies.push({ ie: 'private-extension', enterpriseId: v.at('Private Extension').u16(), value: v.rest() });
    } else {
      ies.push({ ie: 'unknown', type, data: v.rest() });
    }
  }
  return ies;
}

export function decode(buf: Buffer): GtpuMessage {
  const r = Reader.of(buf, PROTOCOL).at('header');
  const flags = r.u8();
  if (flags >> 5 !== 1) r.fail(`version ${flags >> 5}, expected 1`, 0);
  if ((flags & 0x10) === 0) r.fail("PT 0 (GTP') is not GTP-U", 0);
  const typeNumber = r.u8();
  const length = r.u16();
  const teid = r.u32();
  const body = r.sub(length, 'message');
  if (r.remaining > 0)
    throw new DecodeError(PROTOCOL, 'message', r.offset, `${r.remaining} octet(s) after the message`);
  const type = BY_NUMBER.get(typeNumber) ?? 'unknown';
  const m: GtpuMessage = { type, teid, extensionHeaders: [], ies: [] };
  if (type === 'unknown') m.messageType = typeNumber;
  if (flags & 0x07) {
    body.at('optional header fields');
    const seq = body.u16();
    const npdu = body.u8();
    const next = body.u8();
    if (flags & 0x02) m.sequence = seq;
    if (flags & 0x01) m.npdu = npdu;
    if (flags & 0x04) m.extensionHeaders = readExtensionHeaders(body, next);
  }
  if (type === 'g-pdu' || type === 'unknown') m.payload = body.rest();
  else m.ies = readIes(body);
  return m;
}
