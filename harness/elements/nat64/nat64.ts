import { extract, synthesize } from '../../protocol/dns/rfc6052.ts';
import { addressBytes } from '../../protocol/common/ip-bytes.ts';
import * as ip from '../../protocol/ip/index.ts';
import type { FaultSet } from '../common/fault-set.ts';

/** Faults of the NAT64 stand-in. */
export type Nat64Fault =
  /** Answers come back from a different Pref64 than the one asked (a PLAT whose two directions disagree). */
  | 'nat64-wrong-prefix'
  /**
   * Its state table holds only STATE_TABLE_LIMIT bindings: every new one beyond evicts the oldest,
   * while packets still get through — a NAT64 whose connection table is smaller than it claims,
   * which only the reply traffic of RFC 9693's phase 2 shows.
   */
  | 'nat64-state-table-limit';

export const NAT64_FAULTS: readonly Nat64Fault[] = ['nat64-wrong-prefix', 'nat64-state-table-limit'];

/** The IPv4 network behind the NAT64: answers an IPv4 packet with one, or nothing. */
export type Ipv4Network = (packet: Buffer) => Buffer | undefined;

interface Binding {
  src6: string;
  port6: number;
}

/** At most this many bindings per protocol; the oldest goes first (RFC 6146 §3.5.1 leaves the limit to the NAT64). */
const MAX_BINDINGS = 4096;
/** The table size under the `nat64-state-table-limit` fault. */
export const STATE_TABLE_LIMIT = 1000;
const PORTS = { first: 1024, last: 65535 };

/**
 * A stateful NAT64 (RFC 6146) as the PLAT of 464XLAT (RFC 6877): IPv6 packets to Pref64::/n
 * (RFC 6052) leave from one IPv4 address, each (source address, port / Echo identifier) bound to
 * a port of that address — the same port where it is free (§3.5.1.1, port preservation), else the
 * next free one — and answers to a bound port go back translated (RFC 7915), their source
 * re-embedded in Pref64. Unsolicited IPv4 finds no binding and is dropped (§3.5.1: endpoint-
 * independent filtering is not offered). ICMP, UDP and TCP share one binding table per protocol.
 */
export class Nat64Standin {
  private readonly byV6 = new Map<string, number>();
  private readonly byPort = new Map<string, Binding>();
  readonly counters = { translated: 0, answered: 0, untranslatable: 0, noBinding: 0 };

  constructor(
    readonly prefix: string,
    readonly ipv4Address: string,
    private readonly network: Ipv4Network,
    private readonly faults: FaultSet<Nat64Fault> = new Set(),
  ) {
    this.maxBindings = faults.has('nat64-state-table-limit') ? STATE_TABLE_LIMIT : MAX_BINDINGS;
    const [address, length] = prefix.split('/');
    this.prefixBytes = addressBytes(address).subarray(0, Number(length) / 8);
  }

  /** The Pref64 octets (RFC 6052 lengths are whole octets), parsed once: handles() runs for every packet to SGi. */
  private readonly prefixBytes: Buffer;
  private readonly maxBindings: number;

  /** Bindings held now (all protocols). */
  get bindings(): number {
    return this.byV6.size;
  }

  /** Drops every binding (an operator's "clear the NAT table"; RFC 9693 §4.5 times it). */
  clear(): void {
    this.byV6.clear();
    this.byPort.clear();
  }

  /** Whether `dst` is in this NAT64's Pref64::/n (and, below /96, has u = 0: RFC 6052 §2.2). */
  handles(dst: string | Buffer): boolean {
    const b = typeof dst === 'string' ? addressBytes(dst) : dst;
    const n = this.prefixBytes.length;
    return b.compare(this.prefixBytes, 0, n, 0, n) === 0 && (n >= 12 || b[8] === 0);
  }

  /** Translates, forwards to IPv4, and translates the answer back (or undefined). */
  deliver(p: ip.Ipv6Packet): ip.Ipv6Packet | undefined {
    const dst4 = extract(this.prefix, p.dst);
    const key = flowKey(p);
    if (!dst4 || !key) {
      this.counters.untranslatable++;
      return undefined;
    }
    const port4 = this.bind(key.proto, p.src, key.port);
    const out = ip.translate6to4(p, this.ipv4Address, dst4, { port: port4 });
    if (!out.ok) {
      this.counters.untranslatable++;
      return undefined;
    }
    this.counters.translated++;
    const answer = this.network(ip.encodeIpPacket(out.packet));
    return answer ? this.fromIpv4(answer) : undefined;
  }

  /** An IPv4 packet arriving at the NAT64's address: back to the IPv6 host its port is bound to. */
  fromIpv4(raw: Buffer): ip.Ipv6Packet | undefined {
    let a: ip.Ipv4Packet;
    try {
      a = ip.decodeIpv4Packet(raw);
    } catch {
      return undefined;
    }
    const pl = a.payload;
    // The bound port: UDP/TCP destination port, or the Echo Reply's identifier.
    const bound =
      pl.type === 'udp' || pl.type === 'tcp'
        ? { proto: pl.type, port: pl.dstPort }
        : pl.type === 'icmp' && pl.message.type === 'echo-reply'
          ? { proto: 'icmp', port: pl.message.identifier }
          : undefined;
    if (!bound || a.dst !== this.ipv4Address) return undefined;
    const b = this.byPort.get(`${bound.proto}|${bound.port}`);
    if (!b) {
      this.counters.noBinding++;
      return undefined;
    }
    const prefix = this.faults.has('nat64-wrong-prefix') ? '64:ff9b::/96' : this.prefix;
    const back = ip.translate4to6(a, synthesize(prefix, a.src), b.src6, { port: b.port6 });
    if (!back.ok) return undefined;
    this.counters.answered++;
    return back.packet;
  }

  private bind(proto: string, src6: string, port6: number): number {
    const k = `${proto}|${src6}|${port6}`;
    const known = this.byV6.get(k);
    if (known !== undefined) return known;
    if (this.byV6.size >= this.maxBindings) {
      const [oldest] = this.byV6;
      this.byV6.delete(oldest[0]);
      // The oldest binding's own protocol (its key starts with it), not the new packet's.
      this.byPort.delete(`${oldest[0].slice(0, oldest[0].indexOf('|'))}|${oldest[1]}`);
    }
    let port = Math.max(port6, PORTS.first);
    while (this.byPort.has(`${proto}|${port}`)) port = port >= PORTS.last ? PORTS.first : port + 1;
    this.byV6.set(k, port);
    this.byPort.set(`${proto}|${port}`, { src6, port6 });
    return port;
  }
}

function flowKey(p: ip.Ipv6Packet): { proto: 'icmp' | 'udp' | 'tcp'; port: number } | undefined {
  const pl = p.payload;
  if (pl.type === 'icmpv6')
    return pl.message.type === 'echo-request' ? { proto: 'icmp', port: pl.message.identifier } : undefined;
  if (pl.type === 'udp') return { proto: 'udp', port: pl.srcPort };
  if (pl.type === 'tcp') return { proto: 'tcp', port: pl.srcPort };
  return undefined;
}
