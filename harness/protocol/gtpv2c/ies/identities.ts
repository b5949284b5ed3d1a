import { readTbcd, tbcdLength, writeTbcd } from '../../common/tbcd.ts';
import type { IeCodec } from './ie-codec.ts';

/**
 * Subscriber and equipment identities, TBCD coded (TS 29.274 §8.3, §8.10, §8.11). `padding`
 * counts 0xFF octets a peer sent after the digits, kept so the IE re-encodes as received.
 */
interface TbcdIe<K extends string> {
  ie: K;
  instance: number;
  digits: string;
  padding?: number;
}
export type ImsiIe = TbcdIe<'imsi'>;
export type MsisdnIe = TbcdIe<'msisdn'>;
export type MeiIe = TbcdIe<'mei'>;

function tbcdIe<K extends 'imsi' | 'msisdn' | 'mei'>(type: number, name: K, label: string): IeCodec<TbcdIe<K>> {
  return {
    type,
    name,
    encode(v, w) {
      writeTbcd(w, v.digits, label);
      for (let i = 0; i < (v.padding ?? 0); i++) w.u8(0xff);
    },
    decode(r, instance) {
      const length = r.at(label).remaining;
      const ie: TbcdIe<K> = { ie: name, instance, digits: readTbcd(r, length) };
      const padding = length - tbcdLength(ie.digits);
      if (padding > 0) ie.padding = padding;
      return ie;
    },
    encodingLength: (v) => tbcdLength(v.digits) + (v.padding ?? 0),
  };
}

export const imsi = tbcdIe(1, 'imsi', 'IMSI');
export const msisdn = tbcdIe(76, 'msisdn', 'MSISDN');
export const mei = tbcdIe(75, 'mei', 'MEI');
