import { apnLength, readApn, writeApn } from '../../common/apn.ts';
import type { IeCodec } from './ie-codec.ts';

/** §8.6 Access Point Name (TS 23.003 §9.1 labels), as the dotted name. */
export interface ApnIe {
  ie: 'apn';
  instance: number;
  apn: string;
}

export const apn: IeCodec<ApnIe> = {
  type: 71,
  name: 'apn',
  encode: (v, w) => writeApn(w, v.apn),
  decode: (r, instance) => ({ ie: 'apn', instance, apn: readApn(r.at('APN')) }),
  encodingLength: (v) => apnLength(v.apn),
};
