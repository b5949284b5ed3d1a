import type { Writer } from '../../common/cursor.ts';
import { EncodeError } from '../../common/decode-error.ts';
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
    writeLabels(w, v.apn);
  },
  decode(r, instance) {
    r.at('APN');
    const labels: string[] = [];
    while (r.remaining > 0) {
      const len = r.u8();
      if (len === 0) r.fail('empty APN label', r.offset - 1);
      const label = r.latin1(len);
      if (label.includes('.')) r.fail('APN label contains a dot', r.offset - len);
      labels.push(label);
    }
    return { ie: 'apn', instance, apn: labels.join('.') };
  },
  encodingLength: (v) => (v.apn === '' ? 0 : Buffer.byteLength(v.apn, 'latin1') + 1),
};

/** TS 23.003 §9.1 label encoding, written character by character (APNs are ASCII). */
export function writeLabels(w: Writer, name: string): void {
  if (name === '') return;
  let lengthAt = w.reserve(1);
  let len = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 46) {
      if (len === 0) throw new EncodeError(w.protocol, 'APN', `empty label in ${JSON.stringify(name)}`);
      w.buf[lengthAt] = len;
      lengthAt = w.reserve(1);
      len = 0;
      continue;
    }
    if (c > 0xff) throw new EncodeError(w.protocol, 'APN', `non-ASCII character in ${JSON.stringify(name)}`);
    w.u8(c);
    if (++len > 63) throw new EncodeError(w.protocol, 'APN', `label longer than 63 octets in ${JSON.stringify(name)}`);
  }
  if (len === 0) throw new EncodeError(w.protocol, 'APN', `empty label in ${JSON.stringify(name)}`);
  w.buf[lengthAt] = len;
}
