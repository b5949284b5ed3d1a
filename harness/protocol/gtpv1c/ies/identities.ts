import type { Reader } from '../../common/cursor.ts';
import { EncodeError } from '../../common/decode-error.ts';
import { readTbcd, tbcdLength, writeTbcd } from '../../common/tbcd.ts';
import type { IeCodec } from './ie-codec.ts';

/** Subscriber and equipment identities, TBCD coded (TS 29.060 §7.7.2, §7.7.33, §7.7.53). */
export interface ImsiIe {
  ie: 'imsi';
  digits: string;
}
/** §7.7.33 MSISDN: an ISDN-AddressString (TS 29.002): nature of address / numbering plan octet, then the digits. */
export interface MsisdnIe {
  ie: 'msisdn';
  addressType: number;
  digits: string;
}
export interface ImeiSvIe {
  ie: 'imei-sv';
  digits: string;
}

/**
 * The TBCD digits of a variable-length value, leaving whole 0xFF padding octets unread: the IE
 * list keeps them as the IE's extra octets, so the value re-encodes as sent.
 */
function readDigits(r: Reader): string {
  let n = r.remaining;
  while (n > 0 && r.buf[r.offset + n - 1] === 0xff) n--;
  return readTbcd(r, n);
}

/** §7.7.2 IMSI: TV, 8 octets, unused digits filled with 0xF. */
export const imsi: IeCodec<ImsiIe> = {
  type: 2,
  name: 'imsi',
  tvLength: 8,
  encode(v, w) {
    if (v.digits.length > 16) throw new EncodeError(w.protocol, 'IMSI', 'more than 16 digits');
    writeTbcd(w, v.digits, 'IMSI');
    for (let i = tbcdLength(v.digits); i < 8; i++) w.u8(0xff);
  },
  decode: (r) => ({ ie: 'imsi', digits: readTbcd(r.at('IMSI'), 8) }),
  encodingLength: () => 8,
};

export const msisdn: IeCodec<MsisdnIe> = {
  type: 134,
  name: 'msisdn',
  encode(v, w) {
    w.u8(v.addressType, 'MSISDN address type');
    writeTbcd(w, v.digits, 'MSISDN');
  },
  decode: (r) => ({ ie: 'msisdn', addressType: r.at('MSISDN').u8(), digits: readDigits(r) }),
  encodingLength: (v) => 1 + tbcdLength(v.digits),
};

/** §7.7.53 IMEI(SV): 8 octets of TBCD (TS 23.003 §6.2.2). */
export const imeiSv: IeCodec<ImeiSvIe> = {
  type: 154,
  name: 'imei-sv',
  encode: (v, w) => writeTbcd(w, v.digits, 'IMEI(SV)'),
  decode: (r) => ({ ie: 'imei-sv', digits: readDigits(r.at('IMEI(SV)')) }),
  encodingLength: (v) => tbcdLength(v.digits),
};
