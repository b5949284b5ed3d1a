import { randomBytes, randomInt } from 'node:crypto';

/**
 * What a UE picks at random. `randomInterfaceId`: an interface identifier for an address of its
 * own in a /64 (a CLAT's, a tethered LAN host's), written as an address in ::/64 for
 * withInterfaceId — RFC 8981 §3.3.1's randomized IID, with the u bit cleared (RFC 4291
 * Appendix A: not universally administered). `ephemeralPort`: a source port from the dynamic
 * range 49152-65535 (RFC 6335 §6).
 */
export function randomInterfaceId(): string {
  const b = randomBytes(8);
  b[0] &= 0xfd;
  return `::${b.toString('hex').match(/.{4}/g)!.join(':')}`;
}

export function ephemeralPort(): number {
  return 49152 + randomInt(0, 16384);
}
