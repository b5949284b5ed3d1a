import type { Reader, Writer } from '../common/cursor.ts';
import { formatIpv6, parseIpv4Into, parseIpv6Into } from '../common/ip-bytes.ts';

/**
 * The AVP data formats of RFC 6733 §4.2 (basic) and §4.3 (derived) that S6a uses, each a small
 * codec in the dns-packet style: `encode(value, w)`, `decode(r, length)`, `encodingLength(value)`.
 * The AVP header and padding are handled once, in avp.ts; Grouped (§4.4) recurses there.
 */
export interface DataCodec<V> {
  encode(v: V, w: Writer): void;
  /** The reader's window is exactly the AVP's data (length without padding). */
  decode(r: Reader, length: number): V;
  encodingLength(v: V): number;
}

/** OctetString (§4.2), also the encoding of 3GPP octet AVPs such as Visited-PLMN-Id. */
export const octets: DataCodec<Buffer> = {
  encode: (v, w) => void w.bytes(v),
  decode: (r, n) => r.bytes(n),
  encodingLength: (v) => v.length,
};

/** UTF8String, DiameterIdentity, DiameterURI (§4.3.1): octets holding UTF-8 text. */
export const utf8: DataCodec<string> = {
  encode: (v, w) => void w.bytes(Buffer.from(v, 'utf8')),
  decode: (r, n) => r.bytes(n).toString('utf8'),
  encodingLength: (v) => Buffer.byteLength(v, 'utf8'),
};

/** Unsigned32 (§4.2), and Enumerated (§4.3.1) on the wire. */
export const u32: DataCodec<number> = {
  encode: (v, w) => void w.u32(v, 'Unsigned32'),
  decode: (r, n) => (n === 4 ? r.u32() : r.fail(`Unsigned32 is 4 octets, AVP data is ${n}`)),
  encodingLength: () => 4,
};

/** Integer32 (§4.2) and Enumerated (§4.3.1: an Integer32). */
export const i32: DataCodec<number> = {
  encode: (v, w) => void w.u32(v >>> 0, 'Integer32'),
  decode: (r, n) => (n === 4 ? r.u32() | 0 : r.fail(`Integer32 is 4 octets, AVP data is ${n}`)),
  encodingLength: () => 4,
};

/** Unsigned64 (§4.2). */
export const u64: DataCodec<bigint> = {
  encode: (v, w) => void w.u64(v),
  decode: (r, n) => (n === 8 ? r.u64() : r.fail(`Unsigned64 is 8 octets, AVP data is ${n}`)),
  encodingLength: () => 8,
};

/** Address (§4.3.1): a 2-octet IANA address family (1 IPv4, 2 IPv6), then the address. */
export const address: DataCodec<string> = {
  encode(v, w) {
    const b = Buffer.alloc(16);
    if (parseIpv4Into(v, b, 0)) {
      w.u16(1);
      w.bytes(b.subarray(0, 4));
    } else if (parseIpv6Into(v, b, 0)) {
      w.u16(2);
      w.bytes(b);
    } else throw new RangeError(`diameter: Address ${v} is neither IPv4 nor IPv6`);
  },
  decode(r, n) {
    const family = r.u16();
    if (family === 1 && n === 6) return [r.u8(), r.u8(), r.u8(), r.u8()].join('.');
    if (family === 2 && n === 18) return formatIpv6(r.bytes(16), 0);
    return r.fail(`Address family ${family} with ${n - 2} address octets`);
  },
  encodingLength: (v) => (v.includes(':') ? 18 : 6),
};
