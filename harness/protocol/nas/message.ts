import { Reader, Writer } from '../common/cursor.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import type { MessageSet, NasMessageBase } from './common/message-set.ts';
import {
  EPD_5GMM,
  PD_EMM,
  readSecurityProtected,
  writeSecurityProtected,
  type SecurityProtected,
  isCiphered,
} from './common/security-protected.ts';
import { esm, PD_ESM, type EsmMessage } from './eps/esm.ts';
import { EPD_5GSM, sm5g, type Sm5gMessage } from './5gs/sm.ts';
import { mm5g, type Mm5gMessage } from './5gs/mm.ts';

/**
 * A NAS message of any protocol here, found by TS 24.007 §11.2.3.1.1: octet 1 bits 4-1 are the
 * protocol discriminator (2 ESM, 7 EMM); 0xE there means octet 1 is an extended protocol
 * discriminator (0x2E 5GSM, 0x7E 5GMM). EMM and 5GMM messages with a security header type other
 * than 0 are security protected (security-protected.ts).
 */
export type NasMessage = EsmMessage | Sm5gMessage | Mm5gMessage | SecurityProtected;

type AnySet = MessageSet<NasMessageBase>;

/** Plain messages by extended protocol discriminator (5GS). */
const BY_EPD = new Map<number, AnySet>([
  [EPD_5GSM, sm5g as unknown as AnySet],
  [EPD_5GMM, mm5g as unknown as AnySet],
]);
/** Plain messages by protocol discriminator (EPS). */
const BY_PD = new Map<number, AnySet>([[PD_ESM, esm as unknown as AnySet]]);
/** Every message set by the `protocol` of its values. */
const BY_PROTOCOL = new Map<string, AnySet>([...BY_EPD.values(), ...BY_PD.values()].map((s) => [s.protocol, s]));

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { [EPD_5GMM]: '5GMM', [EPD_5GSM]: '5GSM', [PD_EMM]: 'EMM' };

export function decodeFrom(r: Reader): NasMessage {
  r.need(1);
  const first = r.buf[r.offset];
  const extended = (first & 0x0f) === 0x0e;
  if (extended && first === EPD_5GMM && r.remaining >= 2 && (r.buf[r.offset + 1] & 0x0f) !== 0)
    return readSecurityProtected(r, '5gmm');
  if (!extended && (first & 0x0f) === PD_EMM && first >> 4 !== 0 && first >> 4 !== 12)
    return readSecurityProtected(r, 'emm');
  const set = extended ? BY_EPD.get(first) : BY_PD.get(first & 0x0f);
  if (set) return set.decode(r) as unknown as NasMessage;
  const id = extended ? first : first & 0x0f;
  const name = PROTOCOL_NAMES[id];
  throw new DecodeError(
    'nas',
    'header',
    r.offset,
    name
      ? `${name} messages are not supported`
      : `${extended ? 'extended protocol discriminator' : 'protocol discriminator'} 0x${id.toString(16)} is not a NAS protocol here (ESM 2, 5GSM 0x2e, 5GMM 0x7e)`,
  );
}

export function decode(buf: Buffer): NasMessage {
  const r = Reader.of(buf, 'nas');
  return decodeFrom(r);
}

/** The NAS message inside an integrity-protected-only message; undefined when ciphered. */
export function decodeInner(m: SecurityProtected): NasMessage | undefined {
  return isCiphered(m.securityHeaderType) ? undefined : decode(m.payload);
}

export function encodeInto(w: Writer, m: NasMessage): void {
  if (m.type === 'security-protected') return writeSecurityProtected(w, m);
  const set = BY_PROTOCOL.get(m.protocol);
  if (!set) throw new EncodeError('nas', m.type, `no codec for protocol ${m.protocol}`);
  set.encode(w, m as unknown as NasMessageBase);
}

const scratch = Buffer.allocUnsafe(65536 * 4);

export function encode(m: NasMessage): Buffer {
  const w = new Writer(scratch, 0, 'nas');
  try {
    encodeInto(w, m);
  } catch (e) {
    if (e instanceof RangeError) throw new EncodeError('nas', m.type, 'message too long');
    throw e;
  }
  return Buffer.from(scratch.subarray(0, w.offset));
}

export function encodingLength(m: NasMessage): number {
  return encode(m).length;
}
