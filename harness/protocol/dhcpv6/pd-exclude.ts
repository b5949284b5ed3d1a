import { Address6 } from 'ip-address';

/**
 * RFC 6603 §4.2 PD_EXCLUDE: the excluded prefix is carried as its length and only the bits
 * between the delegated prefix's length and its own ("IPv6 subnet ID"), left-aligned and padded
 * to whole octets: option-len = 1 + ceil((prefix-len − delegated length) / 8).
 */
export function pdExclude(
  delegated: { prefix: string; length: number },
  excluded: { prefix: string; length: number },
): { prefixLength: number; subnetId: Buffer } {
  if (excluded.length <= delegated.length || excluded.length > 128)
    throw new Error(`excluded /${excluded.length} is not longer than delegated /${delegated.length} (RFC 6603 §4.2)`);
  const bits = excluded.length - delegated.length;
  const octets = Math.ceil(bits / 8);
  const x = new Address6(`${excluded.prefix}/${excluded.length}`).startAddress().bigInt();
  // The subnet ID bits, shifted to the top of `octets` octets.
  const id = ((x >> BigInt(128 - excluded.length)) & ((1n << BigInt(bits)) - 1n)) << BigInt(octets * 8 - bits);
  const subnetId = Buffer.alloc(octets);
  for (let i = 0; i < octets; i++) subnetId[i] = Number((id >> BigInt((octets - 1 - i) * 8)) & 0xffn);
  return { prefixLength: excluded.length, subnetId };
}

/** The excluded prefix a PD_EXCLUDE option names inside `delegated` (RFC 6603 §4.2), as text. */
export function excludedPrefix(
  delegated: { prefix: string; length: number },
  option: { prefixLength: number; subnetId: Buffer },
): string {
  const bits = option.prefixLength - delegated.length;
  if (bits <= 0 || option.subnetId.length !== Math.ceil(bits / 8))
    throw new Error(
      `PD_EXCLUDE /${option.prefixLength} with ${option.subnetId.length} octet(s) does not fit delegated /${delegated.length} (RFC 6603 §4.2)`,
    );
  let id = 0n;
  for (const b of option.subnetId) id = (id << 8n) | BigInt(b);
  id >>= BigInt(option.subnetId.length * 8 - bits);
  const base = new Address6(`${delegated.prefix}/${delegated.length}`).startAddress().bigInt();
  return Address6.fromBigInt(base | (id << BigInt(128 - option.prefixLength))).correctForm();
}
