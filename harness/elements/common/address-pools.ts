import { randomFillSync } from 'node:crypto';
import { Address4, Address6 } from 'ip-address';
import { formatIpv6, parseIpv4Into, parseIpv6Into } from '../../protocol/common/ip-bytes.ts';

/**
 * Address allocation for PDN connections. IPv6: one /64 per PDN connection out of a configured
 * pool (TS 23.401 §5.3.1.2.2, RFC 7066 §2 / RFC 6459: a /64 per bearer, never shared), plus a
 * random interface identifier for the UE's link-local address (TS 29.061 §11.2.1.3.2a), never
 * derived from the IMSI or any other identity. IPv4: one address per connection.
 */
/** Indexes 0..size-1 handed out lowest first, released ones reused (the logic both pools share). */
class IndexPool {
  private next = 0;
  private readonly free: number[] = [];
  /** Indexes as numbers (a Set of small integers, no BigInt per session). */
  private readonly used = new Set<number>();
  /** No pool hands out more than 2^53 addresses: the indexes stay exact numbers. */
  private readonly limit: number;

  constructor(readonly size: bigint) {
    this.limit = size > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(size);
  }

  get inUse(): number {
    return this.used.size;
  }

  allocate(): number | undefined {
    let index = this.free.pop();
    if (index === undefined) {
      if (this.next >= this.limit) return undefined;
      index = this.next++;
    }
    this.used.add(index);
    return index;
  }

  release(index: number): void {
    if (this.used.delete(index)) this.free.push(index);
  }
}

/** Scratch octets for pool arithmetic (allocate and release run once per session each). */
const SCRATCH = Buffer.alloc(16);

export class Ipv6PrefixPool {
  private readonly base: bigint;
  private readonly pool: IndexPool;

  private readonly stride: bigint;

  /**
   * `pool` is a prefix no longer than /64, e.g. 2001:db8:100::/48 (65,536 /64s). With `unitLength`
   * shorter than 64 each allocation is a whole /unitLength (a prefix delegated by DHCPv6, TS 23.401
   * §5.3.1.2.6) and its first /64 is the one returned: the PDN connection's /64 lies inside it.
   */
  constructor(pool: string, unitLength = 64) {
    const a = new Address6(pool);
    if (a.subnetMask > 64)
      throw new Error(`IPv6 pool ${pool} is longer than /64: it cannot hold a /64 per PDN connection`);
    if (unitLength > 64 || unitLength < a.subnetMask)
      throw new Error(`IPv6 pool ${pool} cannot hand out /${unitLength} prefixes`);
    this.base = a.startAddress().bigInt() >> 64n;
    this.stride = 1n << BigInt(64 - unitLength);
    this.pool = new IndexPool(1n << BigInt(unitLength - a.subnetMask));
  }

  get capacity(): bigint {
    return this.pool.size;
  }

  get inUse(): number {
    return this.pool.inUse;
  }

  /**
   * A free /64 as its first address (prefix::), or undefined when the pool is exhausted. Pool
   * bounds come from ip-address; the per-session text is made with the harness's own RFC 5952
   * formatter (no BigInt address objects on the session path).
   */
  allocate(): string | undefined {
    const index = this.pool.allocate();
    if (index === undefined) return undefined;
    const b = SCRATCH.fill(0);
    b.writeBigUInt64BE(this.base + BigInt(index) * this.stride, 0);
    return formatIpv6(b);
  }

  release(prefix: string): void {
    if (!parseIpv6Into(prefix, SCRATCH, 0)) return;
    const index = (SCRATCH.readBigUInt64BE(0) - this.base) / this.stride;
    if (index >= 0n && index < this.pool.size) this.pool.release(Number(index));
  }
}

export class Ipv4Pool {
  private readonly first: number;
  private readonly pool: IndexPool;

  /** Hosts of `pool` (e.g. 198.51.100.0/24) without the network and broadcast addresses. */
  constructor(pool: string) {
    const a = new Address4(pool);
    const start = a.startAddress().bigInt();
    const total = 2n ** BigInt(32 - a.subnetMask);
    this.first = Number(total > 2n ? start + 1n : start);
    this.pool = new IndexPool(total > 2n ? total - 2n : total);
  }

  get inUse(): number {
    return this.pool.inUse;
  }

  allocate(): string | undefined {
    const index = this.pool.allocate();
    if (index === undefined) return undefined;
    const v = this.first + index;
    return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
  }

  release(address: string): void {
    if (!parseIpv4Into(address, SCRATCH, 0)) return;
    this.pool.release(SCRATCH.readUInt32BE(0) - this.first);
  }
}

/**
 * A random 64-bit interface identifier (RFC 7217-style opacity; RFC 5453 reserved IIDs and the
 * all-zero IID are avoided), as the 16 hex digits after `::` (e.g. "::1a2b:3c4d:5e6f:7081").
 */
/** Random octets fetched 4 KiB at a time (one system call per 512 interface identifiers). */
const RANDOM = Buffer.alloc(4096);
let randomAt = RANDOM.length;

function random8(): Buffer {
  if (randomAt + 8 > RANDOM.length) {
    randomFillSync(RANDOM);
    randomAt = 0;
  }
  const b = Buffer.from(RANDOM.subarray(randomAt, randomAt + 8));
  randomAt += 8;
  return b;
}

export function randomInterfaceId(): string {
  for (;;) {
    const b = random8();
    const v = b.readBigUInt64BE(0);
    // RFC 5453: 0000:0000:0000:0000 (subnet-router anycast), fdff:ffff:ffff:ff80-ffff (reserved anycast),
    // 0200:5eff:fe00:0000-5212 (proxy mobile), 0200:5eff:fe00:5213 ...
    if (v === 0n || v >= 0xfdffffffffffff80n || v >> 16n === 0x02005efffe00n) continue;
    const hex = b.toString('hex');
    return `::${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}:${hex.slice(12, 16)}`;
  }
}
