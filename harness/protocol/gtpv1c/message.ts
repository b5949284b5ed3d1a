import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import {
  extensionHeadersLength,
  firstExtensionType,
  readExtensionHeaders,
  writeExtensionHeaders,
  type ExtensionHeader,
} from '../gtpu/extension-headers.ts';
import { iesLength, readIes, writeIes } from './ie-list.ts';
import type { Gtpv1cIe } from './ies/index.ts';

/**
 * GTPv1-C messages (TS 29.060 §6 header, §7 messages): version 1, PT 1, E, S = 1 (the control
 * plane always carries a sequence number) and PN flags, message type, length after the first 8
 * octets, TEID, sequence number, N-PDU number, next extension header type, the extension headers
 * (§6.1: allowed on the control plane, e.g. MS Info Change Reporting support indication), then
 * IEs in ascending type order (§7.7).
 */
export const GTPV1C_MESSAGE_TYPES = {
  'echo-request': 1,
  'echo-response': 2,
  'version-not-supported': 3,
  'create-pdp-context-request': 16,
  'create-pdp-context-response': 17,
  'update-pdp-context-request': 18,
  'update-pdp-context-response': 19,
  'delete-pdp-context-request': 20,
  'delete-pdp-context-response': 21,
  'error-indication': 26,
  'supported-extension-headers-notification': 31,
} as const;

export type Gtpv1cMessageType = keyof typeof GTPV1C_MESSAGE_TYPES | 'unknown';

export interface Gtpv1cMessage {
  type: Gtpv1cMessageType;
  messageType?: number;
  teid: number;
  sequence: number;
  /** N-PDU number (present when the PN flag is set). */
  npdu?: number;
  /** The extension header chain (present when the E flag is set, §6.1). */
  extensionHeaders?: ExtensionHeader[];
  /**
   * Header bits a receiver ignores, kept when the peer set them: the spare flag bit (bit 4 of
   * octet 1), the N-PDU number octet without PN, the next extension header type octet without E.
   */
  ignored?: { spareFlag?: true; npduOctet?: number; nextTypeOctet?: number };
  ies: Gtpv1cIe[];
}

export const GTPV1C_PORT = 2123;
const PROTOCOL = 'gtpv1c';
const BY_NUMBER = new Map<number, Gtpv1cMessageType>(
  Object.entries(GTPV1C_MESSAGE_TYPES).map(([k, v]) => [v, k as Gtpv1cMessageType]),
);

export function encodingLength(m: Gtpv1cMessage): number {
  return 12 + (m.extensionHeaders ? extensionHeadersLength(m.extensionHeaders) : 0) + iesLength(m.ies);
}

export function encode(m: Gtpv1cMessage): Buffer {
  const buf = Buffer.allocUnsafe(encodingLength(m));
  const w = new Writer(buf, 0, PROTOCOL);
  const type = m.type === 'unknown' ? m.messageType : GTPV1C_MESSAGE_TYPES[m.type];
  if (type === undefined) throw new EncodeError(PROTOCOL, 'message type', 'an unknown message needs messageType');
  const ext = m.extensionHeaders;
  w.u8(0x32 | (m.ignored?.spareFlag ? 0x08 : 0) | (ext ? 0x04 : 0) | (m.npdu !== undefined ? 1 : 0))
    .u8(type, 'message type')
    .u16(buf.length - 8)
    .u32(m.teid, 'TEID');
  w.u16(m.sequence, 'sequence number')
    .u8(m.npdu ?? m.ignored?.npduOctet ?? 0, 'N-PDU number')
    .u8(ext ? firstExtensionType(ext) : (m.ignored?.nextTypeOctet ?? 0), 'next extension header type');
  if (ext) writeExtensionHeaders(w, ext);
  writeIes(w, m.ies);
  return buf;
}

export function decode(buf: Buffer): Gtpv1cMessage {
  const r = Reader.of(buf, PROTOCOL).at('header');
  const flags = r.u8();
  if (flags >> 5 !== 1) r.fail(`version ${flags >> 5}, expected 1`, 0);
  if ((flags & 0x10) === 0) r.fail("PT 0 (GTP') is not GTP", 0);
  if ((flags & 0x02) === 0) r.fail('S flag 0: GTPv1-C messages carry a sequence number (§6)', 0);
  const typeNumber = r.u8();
  const length = r.u16();
  const teid = r.u32();
  const body = r.sub(length, 'message');
  if (r.remaining > 0)
    throw new DecodeError(PROTOCOL, 'message', r.offset, `${r.remaining} octet(s) after the message`);
  body.at('header');
  const sequence = body.u16();
  const npdu = body.u8();
  const next = body.u8();
  const type = BY_NUMBER.get(typeNumber) ?? 'unknown';
  const m: Gtpv1cMessage = { type, teid, sequence, ies: [] };
  if (type === 'unknown') m.messageType = typeNumber;
  if (flags & 0x01) m.npdu = npdu;
  if (flags & 0x04) m.extensionHeaders = readExtensionHeaders(body, next);
  if (flags & 0x08 || (!(flags & 0x01) && npdu !== 0) || (!(flags & 0x04) && next !== 0)) {
    m.ignored = {};
    if (flags & 0x08) m.ignored.spareFlag = true;
    if (!(flags & 0x01) && npdu !== 0) m.ignored.npduOctet = npdu;
    if (!(flags & 0x04) && next !== 0) m.ignored.nextTypeOctet = next;
  }
  m.ies = readIes(body);
  return m;
}
