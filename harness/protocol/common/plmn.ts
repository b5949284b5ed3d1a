import type { Reader, Writer } from './cursor.ts';
import { EncodeError } from './decode-error.ts';

/**
 * PLMN identity, 3 octets (TS 24.008 §10.5.1.13 / TS 29.274 §8.18): MCC digit 2|1, MNC digit
 * 3|MCC digit 3, MNC digit 2|1. A two-digit MNC has 0xF in the MNC digit 3 nibble.
 */
export interface Plmn {
  mcc: string;
  mnc: string;
}

export function writePlmn(w: Writer, p: Plmn): void {
  const { mcc, mnc } = p;
  if (mcc.length !== 3 || (mnc.length !== 2 && mnc.length !== 3) || !digits(mcc) || !digits(mnc)) {
    throw new EncodeError(w.protocol, 'PLMN', `${mcc}/${mnc}: MCC is 3 digits, MNC 2 or 3`);
  }
  w.u8(((mcc.charCodeAt(1) - 48) << 4) | (mcc.charCodeAt(0) - 48));
  w.u8(((mnc.length === 3 ? mnc.charCodeAt(2) - 48 : 0xf) << 4) | (mcc.charCodeAt(2) - 48));
  w.u8(((mnc.charCodeAt(1) - 48) << 4) | (mnc.charCodeAt(0) - 48));
}

export function readPlmn(r: Reader): Plmn {
  const at = r.offset;
  const a = r.u8();
  const b = r.u8();
  const c = r.u8();
  const nibbles = [a & 0xf, a >> 4, b & 0xf, c & 0xf, c >> 4, b >> 4];
  if (nibbles.slice(0, 5).some((n) => n > 9) || (nibbles[5] > 9 && nibbles[5] !== 0xf)) r.fail('PLMN digits must be 0-9 (MNC digit 3 may be 0xF)', at);
  const mcc = `${nibbles[0]}${nibbles[1]}${nibbles[2]}`;
  const mnc = `${nibbles[3]}${nibbles[4]}${nibbles[5] === 0xf ? '' : nibbles[5]}`;
  return { mcc, mnc };
}

function digits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
