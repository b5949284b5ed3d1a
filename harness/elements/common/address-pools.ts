import { randomBytes } from 'node:crypto';
import { Address4, Address6 } from 'ip-address';

/**
 * Address allocation for PDN connections. IPv6: one /64 per PDN connection out of a configured
 * pool (TS 23.401 §5.3.1.2.2, RFC 7066 §2 / RFC 6459: a /64 per bearer, never shared), plus a
 * random interface identifier for the UE's link-local address (TS 29.061 §11.2.1.3.2a), never
 * derived from the IMSI or any other identity. IPv4: one address per connection.
 */
/** Indexes 0..size-1 handed out lowest first, released ones reused (the logic both pools share). */
class IndexPool {
  private next = 0n;
  private readonly free: bigint[] = [];
  private readonly used = new Set<bigint>();

  constructor(readonly size: bigint) {}

  get inUse(): number {
    return this.used.size;
  }

  allocate(): bigint | undefined {
    let index = this.free.pop();
    if (index === undefined) {
      if (this.next >= this.size) return undefined;
      index = this.next++;
    }
    this.used.add(index);
    return index;
  }

  release(index: bigint): void {
    if (this.used.delete(index)) this.free.push(index);
  }
}

export class Ipv6PrefixPool {
  private readonly base: bigint;
  private readonly pool: IndexPool;

  /** `pool` is a prefix no longer than /64, e.g. 2001:db8:100::/48 (65,536 /64s). */
  constructor(pool: string) {
    const a = new Address6(pool);
    if (a.subnetMask > 64) throw new Error(`IPv6 pool ${pool} is longer than /64: it cannot hold a /64 per PDN connection`);
    this.base = a.startAddress().bigInt() >> 64n;
    this.pool = new IndexPool(1n << BigInt(64 - a.subnetMask));
  }

  get capacity(): bigint {
    return this.pool.size;
  }

  get inUse(): number {
    return this.pool.inUse;
  }

  /** A free /64 as its first address (prefix::), or undefined when the pool is exhausted. */
  allocate(): string | undefined {
    const index = this.pool.allocate();
    return index === undefined ? undefined : Address6.fromBigInt((this.base + index) << 64n).correctForm();
  }

  release(prefix: string): void {
    this.pool.release((new Address6(prefix).bigInt() >> 64n) - this.base);
  }
}

export class Ipv4Pool {
  private readonly first: bigint;
  private readonly pool: IndexPool;

  /** Hosts of `pool` (e.g. 198.51.100.0/24) without the network and broadcast addresses. */
  constructor(pool: string) {
    const a = new Address4(pool);
    const start = a.startAddress().bigInt();
    const total = 2n ** BigInt(32 - a.subnetMask);
    this.first = total > 2n ? start + 1n : start;
    this.pool = new IndexPool(total > 2n ? total - 2n : total);
  }

  get inUse(): number {
    return this.pool.inUse;
  }

  allocate(): string | undefined {
    const index = this.pool.allocate();
    return index === undefined ? undefined : Address4.fromBigInt(this.first + index).correctForm();
  }

  release(address: string): void {
    this.pool.release(new Address4(address).bigInt() - this.first);
  }
}

/**
 * A random 64-bit interface identifier (RFC 7217-style opacity; RFC 5453 reserved IIDs and the
 * all-zero IID are avoided), as the 16 hex digits after `::` (e.g. "::1a2b:3c4d:5e6f:7081").
 */
export function randomInterfaceId(): string {
  for (;;) {
    const b = randomBytes(8);
    const v = b.readBigUInt64BE(0);
    // RFC 5453: 0000:0000:0000:0000 (subnet-router anycast), fdff:ffff:ffff:ff80-ffff (reserved anycast),
    // 0200:5eff:fe00:0000-5212 (proxy mobile), 0200:5eff:fe00:5213 ...
    if (v === 0n || v >= 0xfdffffffffffff80n || (v >> 16n) === 0x02005efffe00n) continue;
    const hex = b.toString('hex');
    return `::${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}:${hex.slice(12, 16)}`;
  }
}
