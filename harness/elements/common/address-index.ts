import { formatIpv6, parseIpv6Into } from '../../protocol/common/ip-bytes.ts';

/** What the index needs to know of one PDN connection / PDP context. */
export interface AddressedSession {
  ipv6Prefix?: string;
  /** The UE's interface identifier (as ::x:x:x:x). */
  interfaceId?: string;
  ipv4?: string;
  /** A prefix delegated by DHCPv6 (TS 23.401 §5.3.1.2.6), holding ipv6Prefix. */
  delegated?: { prefix: string; length: number };
}

/**
 * The gateway's routing table toward its UEs (PGW and GGSN alike, TS 29.061 §11.2.1.3): the
 * session owning an address, by its /64 for a global IPv6 address, by its interface identifier for
 * a link-local one (the gateway knows each UE's IID; forwarding link-local is a fault), by its
 * IPv4 address, or by a prefix delegated to it.
 */
export class AddressIndex<S extends AddressedSession> {
  /** By the first 64 bits of the UE's prefix (hex), and by its interface identifier (hex). */
  private readonly byPrefix64 = new Map<string, S>();
  private readonly byIid = new Map<string, S>();
  private readonly byIpv4 = new Map<string, S>();
  /** Delegated prefixes by length, then by their bits ("56/…"): few lengths per gateway. */
  private readonly byDelegated = new Map<string, S>();
  private readonly delegatedLengths = new Set<number>();

  add(s: S): void {
    if (s.ipv6Prefix) this.byPrefix64.set(prefixKey(s.ipv6Prefix), s);
    if (s.ipv4) this.byIpv4.set(s.ipv4, s);
    if (s.delegated) {
      this.delegatedLengths.add(s.delegated.length);
      this.byDelegated.set(delegatedKey(s.delegated.prefix, s.delegated.length), s);
    }
    if (s.interfaceId) this.byIid.set(iidKey(s.interfaceId), s);
  }

  /** Removes `s`'s entries (only those still pointing at `s`). */
  remove(s: S): void {
    if (s.ipv6Prefix) drop(this.byPrefix64, prefixKey(s.ipv6Prefix), s);
    if (s.delegated) drop(this.byDelegated, delegatedKey(s.delegated.prefix, s.delegated.length), s);
    if (s.interfaceId) drop(this.byIid, iidKey(s.interfaceId), s);
    if (s.ipv4) drop(this.byIpv4, s.ipv4, s);
  }

  clear(): void {
    this.byPrefix64.clear();
    this.byIid.clear();
    this.byIpv4.clear();
    this.byDelegated.clear();
  }

  byAddress(address: string): S | undefined {
    if (!address.includes(':')) return this.byIpv4.get(address);
    if (address.toLowerCase().startsWith('fe80:')) return this.byIid.get(iidKey(address));
    const s = this.byPrefix64.get(prefixKey(address));
    if (s || this.byDelegated.size === 0) return s;
    for (const length of this.delegatedLengths) {
      const d = this.byDelegated.get(delegatedKey(address, length));
      if (d) return d;
    }
    return undefined;
  }
}

/** Deletes `m`'s entry `k` if it is still `s`'s (a function, not a closure per call: this runs per release). */
function drop<S>(m: Map<string, S>, k: string, s: S): void {
  if (m.get(k) === s) m.delete(k);
}

/**
 * An IPv6 address's 16 octets in a scratch buffer reused by every key (keys are made on each
 * session's setup, release and routed packet: no buffer per key).
 */
const SCRATCH = Buffer.alloc(16);
const SCRATCH_IID = Buffer.alloc(16);

function parse(address: string, into: Buffer = SCRATCH): Buffer {
  if (!parseIpv6Into(address, into, 0)) throw new Error(`not an IPv6 address: ${address}`);
  return into;
}

/** The first 64 bits (the /64) and the last 64 (the IID) of an address, in hex. */
function prefixKey(address: string): string {
  return parse(address).toString('hex', 0, 8);
}

function iidKey(address: string): string {
  return parse(address).toString('hex', 8, 16);
}

/** The first `length` bits of `address` as "length/hex" (the key of a delegated prefix). */
function delegatedKey(address: string, length: number): string {
  const top = parse(address).readBigUInt64BE(0) >> BigInt(64 - length);
  return `${length}/${top.toString(16)}`;
}

/** The UE's IPv6 address in a PAA or EUA: the /64 with the UE's interface identifier (TS 29.061 §11.2.1.3.2a). */
export function ueAddress(prefix: string, interfaceId: string): string {
  const p = parse(prefix);
  const iid = parse(interfaceId, SCRATCH_IID);
  for (let i = 8; i < 16; i++) p[i] = iid[i];
  return formatIpv6(p);
}
