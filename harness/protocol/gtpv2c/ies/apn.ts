import type { IeCodec } from './ie-codec.ts';

/**
 * §8.6 Access Point Name, coded as in TS 23.003 §9.1: a sequence of length-prefixed labels
 * (as DNS names, without the root). Decoded as the dotted name.
 */
export interface ApnIe { ie: 'apn'; instance: number; apn: string }

export const apn: IeCodec<ApnIe> = {
  type: 71,
  name: 'apn',
  encode(v, w) {
    if (v.apn === '') return;
    for (const label of v.apn.split('.')) {
      const b = Buffer.from(label, 'latin1');
      w.u8(b.length, 'APN label length');
      w.bytes(b);
    }
  },
  decode(r, instance) {
    r.at('APN');
    const labels: string[] = [];
    while (r.remaining > 0) {
      const len = r.u8();
      if (len === 0) r.fail('empty APN label', r.offset - 1);
      const label = r.bytes(len).toString('latin1');
      if (label.includes('.')) r.fail('APN label contains a dot', r.offset - len);
      labels.push(label);
    }
    return { ie: 'apn', instance, apn: labels.join('.') };
  },
  encodingLength: (v) => (v.apn === '' ? 0 : Buffer.byteLength(v.apn, 'latin1') + 1),
};
