import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import {
  OTHER_TV_LENGTHS,
  readTlvValue,
  TLV_TYPES,
  tlvValueLength,
  TV,
  TV_TYPES,
  writeTlvValue,
  type Gtpv1cIe,
} from './ies.ts';

/**
 * GTPv1-C messages (TS 29.060 §6 header, §7 messages): version 1, PT 1, S = 1 (control plane
 * always carries a sequence number), message type, length after the first 8 octets, TEID,
 * sequence number, N-PDU number, next extension header type, then IEs in ascending type order.
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
} as const;

export type Gtpv1cMessageType = keyof typeof GTPV1C_MESSAGE_TYPES | 'unknown';

export interface Gtpv1cMessage {
  type: Gtpv1cMessageType;
  messageType?: number;
  teid: number;
  sequence: number;
  /** N-PDU number octet (only meaningful with PN; kept as sent). */
  npdu?: number;
  ies: Gtpv1cIe[];
}

export const GTPV1C_PORT = 2123;
const PROTOCOL = 'gtpv1c';
const BY_NUMBER = new Map<number, Gtpv1cMessageType>(
  Object.entries(GTPV1C_MESSAGE_TYPES).map(([k, v]) => [v, k as Gtpv1cMessageType]),
);

/** §7.7.1 Cause values the harness names. */
export const GTPV1C_CAUSE_NAMES: Readonly<Record<number, string>> = {
  128: 'Request accepted',
  192: 'Non-existent',
  193: 'Invalid message format',
  199: 'No resources available',
  201: 'Mandatory IE incorrect',
  202: 'Mandatory IE missing',
  204: 'System failure',
  211: 'Missing or unknown APN',
  220: 'Unknown PDP address or PDP type',
};

function ieLength(ie: Gtpv1cIe): number {
  const tv = TV_TYPES.get(ie.ie);
  if (tv !== undefined) return 1 + TV[tv].length;
  if (ie.ie === 'unknown' && ie.type < 128) return 1 + ie.data.length;
  return 3 + tlvValueLength(ie);
}

export function encodingLength(m: Gtpv1cMessage): number {
  let n = 12;
  for (const ie of m.ies) n += ieLength(ie);
  return n;
}

export function encode(m: Gtpv1cMessage): Buffer {
  const buf = Buffer.allocUnsafe(encodingLength(m));
  const w = new Writer(buf, 0, PROTOCOL);
  const type = m.type === 'unknown' ? m.messageType : GTPV1C_MESSAGE_TYPES[m.type];
  if (type === undefined) throw new EncodeError(PROTOCOL, 'message type', 'an unknown message needs messageType');
  w.u8(0x32 | (m.npdu !== undefined ? 1 : 0))
    .u8(type, 'message type')
    .u16(buf.length - 8)
    .u32(m.teid, 'TEID');
  w.u16(m.sequence, 'sequence number')
    .u8(m.npdu ?? 0, 'N-PDU number')
    .u8(0);
  for (const ie of m.ies) {
    const tv = TV_TYPES.get(ie.ie);
    if (tv !== undefined) {
      w.u8(tv);
      TV[tv].write(w, ie);
    } else if (ie.ie === 'unknown' && ie.type < 128) {
      w.u8(ie.type).bytes(ie.data);
    } else {
      const type = ie.ie === 'unknown' ? ie.type : TLV_TYPES[ie.ie as keyof typeof TLV_TYPES];
      w.u8(type).u16(tlvValueLength(ie), `${ie.ie} length`);
      writeTlvValue(w, ie);
    }
  }
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
  if (body.u8() !== 0) body.fail('extension headers are not used on the control plane', body.offset - 1);
  const type = BY_NUMBER.get(typeNumber) ?? 'unknown';
  const m: Gtpv1cMessage = { type, teid, sequence, ies: [] };
  if (type === 'unknown') m.messageType = typeNumber;
  if (flags & 0x01) m.npdu = npdu;
  while (body.remaining > 0) {
    body.at('IE');
    const t = body.u8();
    if (t < 128) {
      const codec = TV[t];
      if (codec) {
        m.ies.push(codec.read(body.sub(codec.length, codec.name)));
        continue;
      }
      const len = OTHER_TV_LENGTHS[t];
      if (len === undefined) body.fail(`unknown TV IE type ${t}: its length cannot be known`, body.offset - 1);
      m.ies.push({ ie: 'unknown', type: t, data: body.at(`IE type ${t}`).bytes(len) });
      continue;
    }
    const len = body.u16();
    m.ies.push(readTlvValue(t, body.sub(len, `IE type ${t}`)));
  }
  return m;
}
