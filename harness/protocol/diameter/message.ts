import { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { avpsLength, readAvps, writeAvps, type Avp } from './avp.ts';
import { commandName } from './dictionary.ts';

/**
 * A Diameter message (RFC 6733 §3): Version 1, Message Length (24 bits, header and padded AVPs),
 * Command Flags R(equest) P(roxiable) E(rror) T(potentially retransmitted), Command Code (24
 * bits), Application-ID, Hop-by-Hop and End-to-End Identifiers, then the AVPs.
 */
export interface DiameterMessage {
  commandCode: number;
  request: boolean;
  proxiable: boolean;
  error?: boolean;
  retransmitted?: boolean;
  /** Command flag bits 4-1, reserved (§3), kept when a peer set them. */
  reservedFlags?: number;
  applicationId: number;
  hopByHop: number;
  endToEnd: number;
  avps: Avp[];
}

export const DIAMETER_HEADER = 20;
/** RFC 6733 §2.1: Diameter over TCP and SCTP listens on 3868. */
export const DIAMETER_PORT = 3868;

const R = 0x80;
const P = 0x40;
const E = 0x20;
const T = 0x10;

export function encodingLength(m: DiameterMessage): number {
  return DIAMETER_HEADER + avpsLength(m.avps);
}

export function encodeDiameter(m: DiameterMessage): Buffer {
  const len = encodingLength(m);
  if (len > 0xffffff) throw new EncodeError('diameter', 'Message Length', `${len} exceeds 24 bits`);
  const w = Writer.alloc(len, 'diameter');
  w.u8(1);
  w.u24(len);
  w.u8(
    (m.request ? R : 0) |
      (m.proxiable ? P : 0) |
      (m.error ? E : 0) |
      (m.retransmitted ? T : 0) |
      ((m.reservedFlags ?? 0) & 0x0f),
  );
  w.u24(m.commandCode, 'Command Code');
  w.u32(m.applicationId, 'Application-ID');
  w.u32(m.hopByHop, 'Hop-by-Hop Identifier');
  w.u32(m.endToEnd, 'End-to-End Identifier');
  writeAvps(w, m.avps);
  return w.buf;
}

export function decodeDiameter(buf: Buffer): DiameterMessage {
  const r = Reader.of(buf, 'diameter').at('header');
  const version = r.u8();
  if (version !== 1) r.fail(`Version ${version}, not 1`, 0);
  const len = r.u24();
  if (len < DIAMETER_HEADER || len > buf.length || len % 4 !== 0)
    r.fail(`Message Length ${len} (buffer ${buf.length}, must be ≥ 20 and a multiple of 4)`, 1);
  const flags = r.u8();
  const commandCode = r.u24();
  const applicationId = r.u32();
  const hopByHop = r.u32();
  const endToEnd = r.u32();
  r.end = len;
  const avps = readAvps(r);
  return {
    commandCode,
    request: (flags & R) !== 0,
    proxiable: (flags & P) !== 0,
    ...(flags & E ? { error: true } : {}),
    ...(flags & T ? { retransmitted: true } : {}),
    ...(flags & 0x0f ? { reservedFlags: flags & 0x0f } : {}),
    applicationId,
    hopByHop,
    endToEnd,
    avps,
  };
}

/** "Update-Location-Request", "Capabilities-Exchange-Answer", or the bare code. */
export function describeMessage(m: Pick<DiameterMessage, 'commandCode' | 'request'>): string {
  const n = commandName(m.commandCode);
  return n
    ? `${n}-${m.request ? 'Request' : 'Answer'}`
    : `command ${m.commandCode} ${m.request ? 'request' : 'answer'}`;
}
