import { Reader, Writer } from '../common/cursor.ts';
import { readPlmn, writePlmn, type Plmn } from '../common/plmn.ts';

/**
 * Visited-PLMN-Id (TS 29.272 §7.3.9): the 3-octet PLMN identity of TS 24.008 §10.5.1.13 (MCC and
 * MNC in BCD, 0xF filler for a 2-digit MNC), as an OctetString.
 */
export function plmnOctets(p: Plmn): Buffer {
  const w = Writer.alloc(3, 'diameter');
  writePlmn(w, p);
  return w.buf;
}

export function plmnFromOctets(b: Buffer): Plmn {
  const r = Reader.of(b, 'diameter').at('Visited-PLMN-Id');
  if (b.length !== 3) r.fail(`${b.length} octets, a PLMN identity is 3`);
  return readPlmn(r);
}
