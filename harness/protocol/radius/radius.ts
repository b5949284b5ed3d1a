import { fileURLToPath } from 'node:url';
import radius from 'radius';
import { DecodeError, EncodeError } from '../common/decode-error.ts';
import { formatIpv6, parseIpv6Into } from '../common/ip-bytes.ts';

/**
 * RADIUS (RFC 2865/2866) through the `radius` package, plus the IPv6 value types that package
 * leaves as raw octets: ipv6addr (RFC 3162 §2.1, RFC 6911), ipv6prefix (RFC 3162 §2.3: reserved,
 * prefix length, prefix octets) and ifid (RFC 3162 §2.2, 8 octets). Values are text here:
 * "2001:db8::1", "2001:db8:100::/56", "::1a2b:3c4d:5e6f:7081".
 */
radius.add_dictionary(fileURLToPath(new URL('./dictionary.v6harness', import.meta.url)));

const IPV6_TYPES: Readonly<Record<string, 'ipv6addr' | 'ipv6prefix' | 'ifid'>> = {
  'NAS-IPv6-Address': 'ipv6addr',
  'Login-IPv6-Host': 'ipv6addr',
  'Framed-IPv6-Address': 'ipv6addr',
  'DNS-Server-IPv6-Address': 'ipv6addr',
  'Framed-Interface-Id': 'ifid',
  'Framed-IPv6-Prefix': 'ipv6prefix',
  'Delegated-IPv6-Prefix': 'ipv6prefix',
  'Route-IPv6-Information': 'ipv6prefix',
};

export type RadiusValue = string | number | Buffer | Date;
export type RadiusAttribute = [string, RadiusValue] | ['Vendor-Specific', number | string, [string, RadiusValue][]];

export interface RadiusRequest {
  code: string;
  identifier?: number;
  secret: string;
  attributes: RadiusAttribute[];
  /** For a response: the request it answers (its authenticator goes into the response's). */
  request?: Buffer;
}

export interface RadiusPacket {
  code: string;
  identifier: number;
  length: number;
  authenticator: Buffer;
  attributes: Record<string, unknown>;
}

function toWire(name: string, v: RadiusValue): RadiusValue {
  const t = IPV6_TYPES[name];
  if (!t || typeof v !== 'string') return v;
  const b = Buffer.alloc(16);
  if (t === 'ipv6addr') {
    if (!parseIpv6Into(v, b, 0)) throw new EncodeError('radius', name, `not an IPv6 address: ${v}`);
    return b;
  }
  if (t === 'ifid') {
    if (!parseIpv6Into(v, b, 0) || b.readBigUInt64BE(0) !== 0n)
      throw new EncodeError('radius', name, `interface id must be written in ::/64: ${v}`);
    return b.subarray(8);
  }
  const [addr, len] = v.split('/');
  const bits = Number(len);
  if (!parseIpv6Into(addr, b, 0) || !Number.isInteger(bits) || bits < 0 || bits > 128)
    throw new EncodeError('radius', name, `not an IPv6 prefix: ${v}`);
  // RFC 3162 §2.3: only the octets the prefix length covers are sent.
  return Buffer.concat([Buffer.from([0, bits]), b.subarray(0, Math.ceil(bits / 8))]);
}

function fromWire(name: string, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => fromWire(name, x));
  const t = IPV6_TYPES[name];
  if (!t || !Buffer.isBuffer(v)) return v;
  if (t === 'ipv6addr') {
    if (v.length !== 16) throw new DecodeError('radius', name, 0, `length ${v.length}, must be 16`);
    return formatIpv6(v);
  }
  if (t === 'ifid') {
    if (v.length !== 8) throw new DecodeError('radius', name, 0, `length ${v.length}, must be 8`);
    return formatIpv6(Buffer.concat([Buffer.alloc(8), v]));
  }
  if (v.length < 2 || v[1] > 128 || v.length - 2 > 16 || v.length - 2 < Math.ceil(v[1] / 8))
    throw new DecodeError('radius', name, 0, 'malformed IPv6 prefix (RFC 3162 §2.3)');
  const b = Buffer.alloc(16);
  v.copy(b, 0, 2);
  return `${formatIpv6(b)}/${v[1]}`;
}

export function encodeRadius(p: RadiusRequest): Buffer {
  const attributes = p.attributes.map((a) =>
    a[0] === 'Vendor-Specific' && Array.isArray(a[2]) ? a : [a[0], toWire(a[0], a[1] as RadiusValue)],
  );
  try {
    if (p.request) {
      // The request was judged where it arrived: building the answer reads it without verifying again.
      const decoded = radius.decode_without_secret({ packet: p.request });
      return radius.encode_response({ packet: decoded, code: p.code, secret: p.secret, attributes });
    }
    return radius.encode({ code: p.code, identifier: p.identifier, secret: p.secret, attributes });
  } catch (e) {
    if (e instanceof EncodeError) throw e;
    throw new EncodeError('radius', p.code, e instanceof Error ? e.message : String(e));
  }
}

/**
 * Decodes and verifies a packet (request authenticator for Accounting-Request, Message-Authenticator).
 * `verify: false` reads a request whatever its authenticators (encrypted attributes stay unread).
 */
export function decodeRadius(buf: Buffer, secret: string, opts: { verify?: boolean } = {}): RadiusPacket {
  if (buf.length < 20)
    throw new DecodeError('radius', 'header', 0, `${buf.length} octets, a RADIUS packet has at least 20`);
  const declared = buf.readUInt16BE(2);
  if (declared < 20 || declared > buf.length)
    throw new DecodeError('radius', 'length', 2, `length ${declared} does not fit the ${buf.length} octets received`);
  // RFC 2865 §3: octets beyond the Length field are padding, ignored on reception (the authenticator
  // covers only what Length declares).
  const packet = declared === buf.length ? buf : buf.subarray(0, declared);
  let d: { code: string; identifier: number; length: number; attributes: Record<string, unknown> };
  try {
    d = (
      opts.verify === false ? radius.decode_without_secret({ packet }) : radius.decode({ packet, secret })
    ) as typeof d;
  } catch (e) {
    throw new DecodeError('radius', 'packet', 0, e instanceof Error ? e.message : String(e));
  }
  if (d.code === undefined) throw new DecodeError('radius', 'code', 0, `unknown code ${buf[0]}`);
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d.attributes)) attributes[k] = fromWire(k, v);
  return {
    code: d.code,
    identifier: d.identifier,
    length: d.length,
    authenticator: Buffer.from(buf.subarray(4, 20)),
    attributes,
  };
}

export const RADIUS_AUTH_PORT = 1812;
export const RADIUS_ACCT_PORT = 1813;
