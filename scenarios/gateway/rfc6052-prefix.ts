import { Address6 } from 'ip-address';
import { extract, NAT64_PREFIX_LENGTHS } from '../../harness/protocol/dns/index.ts';

/**
 * Under which Pref64::/n an address embeds `ipv4` (RFC 6052 §2.2), trying every prefix length
 * from the longest: how RFC 7050 §3 finds a network's prefix, and how a failure names the prefix
 * a DUT used instead of the declared one.
 */
export function embeddingPrefix(address: string, ipv4: string): string | undefined {
  for (const length of [...NAT64_PREFIX_LENGTHS].reverse()) {
    let prefix: string;
    try {
      prefix = `${new Address6(`${address}/${length}`).startAddress().correctForm()}/${length}`;
    } catch {
      return undefined;
    }
    if (extract(prefix, address) === ipv4) return prefix;
  }
  return undefined;
}
