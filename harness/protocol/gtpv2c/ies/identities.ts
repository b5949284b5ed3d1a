import { readTbcd, tbcdLength, writeTbcd } from '../../common/tbcd.ts';
import type { IeCodec } from './ie-codec.ts';

/** Subscriber and equipment identities, TBCD coded (TS 29.274 §8.3, §8.10, §8.11). */
export interface ImsiIe {
  ie: 'imsi';
  instance: number;
  digits: string;
}
export interface MsisdnIe {
  ie: 'msisdn';
  instance: number;
  digits: string;
}
export interface MeiIe {
  ie: 'mei';
  instance: number;
  digits: string;
}

function tbcdIe<K extends 'imsi' | 'msisdn' | 'mei'>(
  type: number,
  name: K,
  label: string,
): IeCodec<{ ie: K; instance: number; digits: string }> {
  return {
    type,
    name,
    encode: (v, w) => writeTbcd(w, v.digits, label),
    decode: (r, instance) => ({ ie: name, instance, digits: readTbcd(r.at(label), r.remaining) }),
    encodingLength: (v) => tbcdLength(v.digits),
  };
}

export const imsi = tbcdIe(1, 'imsi', 'IMSI');
export const msisdn = tbcdIe(76, 'msisdn', 'MSISDN');
export const mei = tbcdIe(75, 'mei', 'MEI');
