import type { Reader, Writer } from './cursor.ts';
import { EncodeError } from './decode-error.ts';

/**
 * TBCD digit strings (TS 29.002 §17.7.8 TBCD-STRING, used for IMSI, MSISDN, IMEI in GTP and NAS):
 * two digits per octet, the first digit in the low nibble; an odd count is padded with 0xF.
 */
export function tbcdLength(digits: string): number {
  return Math.ceil(digits.length / 2);
}

export function writeTbcd(w: Writer, digits: string, element: string): void {
  for (let i = 0; i < digits.length; i += 2) {
    const lo = nibble(digits.charCodeAt(i));
    const hi = i + 1 < digits.length ? nibble(digits.charCodeAt(i + 1)) : 0xf;
    if (lo < 0 || hi < 0) throw new EncodeError(w.protocol, element, `TBCD digits only, got ${JSON.stringify(digits)}`);
    w.u8((hi << 4) | lo, element);
  }
}

/** Both digits of an octet (low nibble first), or undefined where a nibble is not a digit. */
const PAIRS: (string | undefined)[] = Array.from({ length: 256 }, (_, b) => {
  const lo = b & 0x0f;
  const hi = b >> 4;
  return lo < 15 && hi < 15 ? `${'0123456789*#abc'[lo]}${'0123456789*#abc'[hi]}` : undefined;
});

export function readTbcd(r: Reader, length: number): string {
  r.need(length);
  const buf = r.buf;
  let s = '';
  for (let i = 0; i < length; i++) {
    const b = buf[r.offset++];
    const pair = PAIRS[b];
    if (pair !== undefined) {
      s += pair;
      continue;
    }
    if (b === 0xff) {
      // An even digit count in a fixed-size field: the rest is 0xFF padding.
      for (i++; i < length; i++) if (buf[r.offset++] !== 0xff) r.fail('digits after the 0xFF padding', r.offset - 1);
      break;
    }
    if ((b & 0x0f) === 0x0f) r.fail('filler 0xF in the low nibble', r.offset - 1);
    // High nibble 0xF: the filler after an odd digit count; fixed-size fields pad on with 0xFF.
    s += DIGITS[b & 0x0f];
    for (i++; i < length; i++) if (buf[r.offset++] !== 0xff) r.fail('digits after the 0xF filler', r.offset - 1);
    break;
  }
  return s;
}

const DIGITS = '0123456789*#abc';

/** TBCD nibble of a character code: 0-9, * (10), # (11), a-c (12-14); -1 otherwise. */
function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c === 42) return 10;
  if (c === 35) return 11;
  if (c >= 97 && c <= 99) return c - 85;
  if (c >= 65 && c <= 67) return c - 53;
  return -1;
}
