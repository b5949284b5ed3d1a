import dnsPacket, { type Packet } from 'dns-packet';
import { DecodeError, EncodeError } from '../common/decode-error.ts';

/**
 * DNS messages (RFC 1035, AAAA RFC 3596) through the `dns-packet` package, with its exceptions
 * turned into DecodeError/EncodeError so a DUT's malformed answer is reported like any other.
 */
export type DnsPacket = Packet;

export function encodeDns(p: DnsPacket): Buffer {
  try {
    return dnsPacket.encode(p);
  } catch (e) {
    throw new EncodeError('dns', 'message', e instanceof Error ? e.message : String(e));
  }
}

export function decodeDns(buf: Buffer): DnsPacket {
  if (buf.length < 12) throw new DecodeError('dns', 'header', 0, `${buf.length} octets, the header alone is 12`);
  try {
    return dnsPacket.decode(buf);
  } catch (e) {
    throw new DecodeError('dns', 'message', 0, e instanceof Error ? e.message : String(e));
  }
}

export const DNS_PORT = 53;

const RCODES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

/** The RCODE of a decoded message by its mnemonic (RFC 1035 §4.1.1, RFC 6895 §2.3). */
export function rcodeOf(p: DnsPacket): string {
  const code = (p.flags ?? 0) & 0x0f;
  return RCODES[code] ?? `RCODE${code}`;
}
