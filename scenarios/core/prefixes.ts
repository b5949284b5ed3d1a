import { Address4, Address6 } from 'ip-address';

/** Whether `address` lies inside `prefix` ("2001:db8:44::/48" or "198.51.100.0/24"); false for a malformed one. */
export function inPrefix(address: string, prefix: string): boolean {
  try {
    return address.includes(':')
      ? new Address6(address).isInSubnet(new Address6(prefix))
      : new Address4(address).isInSubnet(new Address4(prefix));
  } catch {
    return false;
  }
}
