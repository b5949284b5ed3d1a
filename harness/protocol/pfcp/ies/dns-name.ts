import type { Reader, Writer } from '../../common/cursor.ts';
import { EncodeError } from '../../common/decode-error.ts';

/**
 * Names carried as DNS labels (RFC 1035 §3.1, without the root; TS 23.003 §9.1 for APN/DNN):
 * Network Instance (§8.2.4) and the FQDN of Node ID (§8.2.38). Some nodes send a Network
 * Instance as plain text, so a received value is read as labels when it parses as labels and as
 * Latin-1 text otherwise; its octets are kept and written back as long as they still read as the
 * same name, so a decoded IE re-encodes byte-exact.
 */
export function nameOfOctets(b: Uint8Array, start = 0, end = b.length): string {
  let name = '';
  let i = start;
  while (i < end) {
    const len = b[i];
    if (len === 0 || len > 63 || i + 1 + len > end) return latin1(b, start, end);
    for (let j = i + 1; j <= i + len; j++) if (b[j] === 0x2e) return latin1(b, start, end);
    name += (name === '' ? '' : '.') + latin1(b, i + 1, i + 1 + len);
    i += 1 + len;
  }
  return name;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Reads the reader's whole window: the name, and the octets as received. */
export function readDnsName(r: Reader): { name: string; octets: Buffer } {
  const start = r.offset;
  const name = nameOfOctets(r.buf, start, r.end);
  return { name, octets: r.rest() };
}

function keepOctets(name: string, octets: Buffer | undefined): octets is Buffer {
  return octets !== undefined && nameOfOctets(octets) === name;
}

export function dnsNameLength(name: string, octets?: Buffer): number {
  if (keepOctets(name, octets)) return octets.length;
  return name === '' ? 0 : name.length + 1;
}

/** Writes `octets` if they still spell `name`, else `name` as labels. */
export function writeDnsName(w: Writer, name: string, octets: Buffer | undefined, element: string): void {
  if (keepOctets(name, octets)) {
    w.bytes(octets);
    return;
  }
  if (name === '') return;
  for (const label of name.split('.')) {
    if (label.length === 0 || label.length > 63)
      throw new EncodeError(w.protocol, element, `label of ${label.length} octets in ${JSON.stringify(name)}`);
    w.u8(label.length);
    for (let i = 0; i < label.length; i++) w.u8(label.charCodeAt(i), element);
  }
}
