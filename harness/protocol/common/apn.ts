import type { Reader, Writer } from './cursor.ts';
import { EncodeError } from './decode-error.ts';

/**
 * Access Point Name / DNN encoding (TS 23.003 §9.1; used by GTPv2-C §8.6, GTPv1-C §7.7.30 and
 * NAS §9.9.4.1): length-prefixed labels as in DNS, without the root. Text is the dotted name.
 */
export function apnLength(name: string): number {
  return name === '' ? 0 : name.length + 1;
}

/**
 * Written character by character: no split, no intermediate buffers. TS 23.003 §9.1 labels are
 * letters, digits and hyphens, but any octet a peer sent (Latin-1 text) is written back as it
 * came, so a relay (the SGW) forwards what it received and the PGW answers it (cause 78).
 */
export function writeApn(w: Writer, name: string): void {
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
    if (c > 0xff) throw new EncodeError(w.protocol, 'APN', `character beyond one octet in ${JSON.stringify(name)}`);
    w.u8(c);
    if (++len > 63) throw new EncodeError(w.protocol, 'APN', `label longer than 63 octets in ${JSON.stringify(name)}`);
  }
  if (len === 0) throw new EncodeError(w.protocol, 'APN', `empty label in ${JSON.stringify(name)}`);
  w.buf[lengthAt] = len;
}

/** Reads the reader's whole window as an APN. */
export function readApn(r: Reader): string {
  let name = '';
  while (r.remaining > 0) {
    const len = r.u8();
    if (len === 0) r.fail('empty APN label', r.offset - 1);
    // TS 23.003 §9.1: a label is at most 63 octets (as the encoder enforces).
    if (len > 63) r.fail(`APN label of ${len} octets (at most 63)`, r.offset - 1);
    const label = r.latin1(len);
    if (label.includes('.')) r.fail('APN label contains a dot', r.offset - len);
    name = name === '' ? label : `${name}.${label}`;
  }
  return name;
}
