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

/** '000'…'999' and '00'…'99', so a decoded MCC or MNC is one flat string, not three joined. */
const THREE = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

export function readPlmn(r: Reader): Plmn {
  r.need(3);
  const at = r.offset;
  const buf = r.buf;
  const a = buf[at];
  const b = buf[at + 1];
  const c = buf[at + 2];
  r.offset = at + 3;
  const mnc3 = b >> 4;
  if ((a & 0xf) > 9 || a >> 4 > 9 || (b & 0xf) > 9 || (c & 0xf) > 9 || c >> 4 > 9 || (mnc3 > 9 && mnc3 !== 0xf)) {
    r.fail('PLMN digits must be 0-9 (MNC digit 3 may be 0xF)', at);
  }
  const mcc = THREE[(a & 0xf) * 100 + (a >> 4) * 10 + (b & 0xf)];
  const mnc = mnc3 === 0xf ? TWO[(c & 0xf) * 10 + (c >> 4)] : THREE[(c & 0xf) * 100 + (c >> 4) * 10 + mnc3];
  return { mcc, mnc };
}

function digits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
