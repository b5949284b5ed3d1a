import { EncodeError } from '../common/decode-error.ts';
import { formatIpv6, parseIpv4Into, parseIpv6Into } from '../common/ip-bytes.ts';

/**
 * IPv4-embedded IPv6 addresses (RFC 6052 §2.2): the IPv4 address goes after a /32, /40, /48, /56,
 * /64 or /96 prefix, skipping bits 64-71 (the "u" octet, which must be zero).
 */
export type Nat64PrefixLength = 32 | 40 | 48 | 56 | 64 | 96;
export const NAT64_PREFIX_LENGTHS: readonly Nat64PrefixLength[] = [32, 40, 48, 56, 64, 96];
export const WELL_KNOWN_PREFIX = '64:ff9b::/96';

/** Octet positions of the four IPv4 octets for each prefix length (RFC 6052 Figure 1). */
const POSITIONS: Record<Nat64PrefixLength, number[]> = {
  32: [4, 5, 6, 7],
  40: [5, 6, 7, 9],
  48: [6, 7, 9, 10],
  56: [7, 9, 10, 11],
  64: [9, 10, 11, 12],
  96: [12, 13, 14, 15],
};

function parsePrefix(prefix: string): { bytes: Buffer; length: Nat64PrefixLength } {
  const [addr, len] = prefix.split('/');
  const length = Number(len) as Nat64PrefixLength;
  const bytes = Buffer.alloc(16);
  if (!parseIpv6Into(addr, bytes, 0) || !NAT64_PREFIX_LENGTHS.includes(length)) {
    throw new EncodeError('rfc6052', 'prefix', `${prefix}: a NAT64 prefix is IPv6 /32, /40, /48, /56, /64 or /96`);
  }
  return { bytes, length };
}

export function synthesize(prefix: string, ipv4: string): string {
  const { bytes, length } = parsePrefix(prefix);
  const v4 = Buffer.alloc(4);
  if (!parseIpv4Into(ipv4, v4, 0)) throw new EncodeError('rfc6052', 'IPv4 address', ipv4);
  const out = Buffer.alloc(16);
  bytes.copy(out, 0, 0, length / 8);
  POSITIONS[length].forEach((pos, i) => (out[pos] = v4[i]));
  return formatIpv6(out);
}

/** The embedded IPv4 address, or undefined when `address` is not under `prefix` or u ≠ 0. */
export function extract(prefix: string, address: string): string | undefined {
  const { bytes, length } = parsePrefix(prefix);
  const a = Buffer.alloc(16);
  if (!parseIpv6Into(address, a, 0)) return undefined;
  if (a.compare(bytes, 0, length / 8, 0, length / 8) !== 0) return undefined;
  if (length < 96 && a[8] !== 0) return undefined;
  return POSITIONS[length].map((p) => a[p]).join('.');
}
