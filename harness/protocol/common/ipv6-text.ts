import { Address6 } from 'ip-address';

/**
 * IPv6 addresses as people read them in reports (RFC 5952): the canonical form of §4 (lower
 * case, leading zeros dropped, the longest run of zero fields as "::"), and, per §5, the mixed
 * notation with the last 32 bits in dotted decimal where a well-known prefix says they are an
 * IPv4 address: IPv4-mapped ::ffff:0:0/96 (RFC 4291 §2.5.5.2), IPv4-translated ::ffff:0:0:0/96
 * (RFC 2765 §2.1) and the NAT64 Well-Known Prefix 64:ff9b::/96 (RFC 6052 §2.1, §2.4). Other
 * IPv4-embedded addresses (a network-specific Pref64::/n) cannot be told from the address alone
 * and stay in hexadecimal. Text that is not an IPv6 address is returned as it is.
 */
const MIXED: readonly Address6[] = ['::ffff:0:0/96', '::ffff:0:0:0/96', '64:ff9b::/96'].map((p) => new Address6(p));

export function ipv6Text(address: string | Uint8Array): string {
  let a: Address6;
  try {
    a = typeof address === 'string' ? new Address6(address) : Address6.fromByteArray([...address]);
  } catch {
    return typeof address === 'string' ? address : Buffer.from(address).toString('hex');
  }
  return MIXED.some((p) => a.isInSubnet(p)) ? a.to4in6() : a.correctForm();
}
