import type { Far, Pdr, Qer, Urr } from './rules.ts';

/**
 * N4 sessions on the UPF (TS 29.244 §5.2): the SMF's F-SEID, ours, the rules, and what was chosen
 * here (F-TEIDs per CHOOSE ID §5.5.3, UE addresses §5.21.1). Indexed by our SEID, by each local
 * F-TEID (N3 and N4-u), and by the UE's /64 and IPv4 address (downlink from N6, UE-to-UE).
 */
export interface N4Session {
  cpSeid: bigint;
  upSeid: bigint;
  cpAddress: string;
  /** PDRs by precedence, highest first (lowest value, §8.2.11). */
  pdrs: Pdr[];
  fars: Map<number, Far>;
  qers: Map<number, Qer>;
  urrs: Map<number, Urr>;
  teids: Set<number>;
  /** The UE's /64 (prefix::) and IPv4 address, from the PDRs' UE IP Address. */
  ueIpv6?: string;
  ueIpv4?: string;
  /** The /64's key in the downlink index (its first 8 octets in hex), made once. */
  ueIpv6Key?: string;
  /**
   * A prefix shorter than /64 in a PDR's UE IP Address (IPv6D, TS 29.244 §8.2.62: delegated by
   * DHCPv6, TS 23.501 §5.8.2.2.4), holding the /64: its key in the delegated index.
   */
  delegatedKey?: string;
  /** Addresses chosen from our pools (released with the session). */
  chosenIpv6?: string;
  chosenIpv4?: string;
  networkInstance?: string;
  /**
   * The GTP-U port the CP function sends from on N4-u, learned from what it sends on the
   * CP-function PDR: in a lab, the SMF and the gNB may share an address but not a port.
   */
  cpPort?: number;
}

export class N4Sessions {
  private readonly bySeid = new Map<bigint, N4Session>();
  private readonly byTeid = new Map<number, N4Session>();
  private readonly byIpv6 = new Map<string, N4Session>();
  private readonly byIpv4 = new Map<string, N4Session>();
  /** Delegated prefixes by "length/hex", and the lengths in use (none on most UPFs: no cost then). */
  private readonly byDelegated = new Map<string, N4Session>();
  private readonly delegatedLengths = new Set<number>();
  private nextSeid = 0x5f0c0001n;
  private nextTeid = 0x50000001;

  get count(): number {
    return this.bySeid.size;
  }

  allocateSeid(): bigint {
    return this.nextSeid++;
  }

  allocateTeid(): number {
    const t = this.nextTeid;
    this.nextTeid = this.nextTeid >= 0xfffffff0 ? 0x50000001 : this.nextTeid + 1;
    return t;
  }

  add(s: N4Session): void {
    this.bySeid.set(s.upSeid, s);
    this.reindex(s);
  }

  /** After the rules changed: the F-TEIDs and UE addresses of its PDRs point at it. */
  reindex(s: N4Session): void {
    for (const t of s.teids) if (this.byTeid.get(t) === s) this.byTeid.delete(t);
    s.teids.clear();
    for (const p of s.pdrs) {
      if (p.teid === undefined) continue;
      s.teids.add(p.teid);
      this.byTeid.set(p.teid, s);
    }
    for (const p of s.pdrs) {
      if (p.ueIpv6 && !s.ueIpv6) {
        s.ueIpv6 = formatPrefix(p.ueIpv6);
        s.ueIpv6Key = ipv6Key(p.ueIpv6, 0);
      }
      if (p.ueIpv4 && !s.ueIpv4) s.ueIpv4 = `${p.ueIpv4[0]}.${p.ueIpv4[1]}.${p.ueIpv4[2]}.${p.ueIpv4[3]}`;
      if (p.ueIpv6 && p.ueIpv6Length < 64 && !s.delegatedKey) {
        s.delegatedKey = delegatedKey(p.ueIpv6, 0, p.ueIpv6Length);
        this.delegatedLengths.add(p.ueIpv6Length);
        this.byDelegated.set(s.delegatedKey, s);
      }
    }
    if (s.ueIpv6Key) this.byIpv6.set(s.ueIpv6Key, s);
    if (s.ueIpv4) this.byIpv4.set(s.ueIpv4, s);
  }

  remove(s: N4Session): void {
    this.bySeid.delete(s.upSeid);
    for (const t of s.teids) if (this.byTeid.get(t) === s) this.byTeid.delete(t);
    const k = s.ueIpv6Key;
    if (k !== undefined && this.byIpv6.get(k) === s) this.byIpv6.delete(k);
    if (s.ueIpv4 && this.byIpv4.get(s.ueIpv4) === s) this.byIpv4.delete(s.ueIpv4);
    const d = s.delegatedKey;
    if (d !== undefined && this.byDelegated.get(d) === s) this.byDelegated.delete(d);
  }

  get(seid: bigint): N4Session | undefined {
    return this.bySeid.get(seid);
  }

  byLocalTeid(teid: number): N4Session | undefined {
    return this.byTeid.get(teid);
  }

  /** The session whose UE address is the destination of `packet` (an IP packet). */
  byDestination(packet: Buffer): N4Session | undefined {
    const v = packet[0] >> 4;
    if (v === 6 && packet.length >= 40)
      return this.byIpv6.get(ipv6Key(packet, 24)) ?? this.delegatedHolding(packet, 24);
    if (v === 4 && packet.length >= 20)
      return this.byIpv4.get(`${packet[16]}.${packet[17]}.${packet[18]}.${packet[19]}`);
    return undefined;
  }

  /** The session whose UE /64 holds the IPv6 address at b[offset, offset + 16). */
  byIpv6Address(b: Uint8Array, offset = 0): N4Session | undefined {
    return this.byIpv6.get(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex', offset, offset + 8));
  }

  /** The session a prefix holding the address at packet[offset] was delegated to. */
  private delegatedHolding(packet: Buffer, offset: number): N4Session | undefined {
    for (const length of this.delegatedLengths) {
      const s = this.byDelegated.get(delegatedKey(packet, offset, length));
      if (s) return s;
    }
    return undefined;
  }

  all(): IterableIterator<N4Session> {
    return this.bySeid.values();
  }

  clear(): void {
    this.bySeid.clear();
    this.byTeid.clear();
    this.byIpv6.clear();
    this.byIpv4.clear();
    this.byDelegated.clear();
  }
}

/** The /64 of an IPv6 address at `offset` as a map key. */
function ipv6Key(b: Buffer, offset: number): string {
  return b.toString('hex', offset, offset + 8);
}

/** The first `length` bits of the IPv6 address at `offset` as "length/hex". */
function delegatedKey(b: Buffer, offset: number, length: number): string {
  const whole = length >> 3;
  const rest = length & 7;
  const head = b.toString('hex', offset, offset + whole);
  return rest === 0
    ? `${length}/${head}`
    : `${length}/${head}${(b[offset + whole] & (0xff << (8 - rest)) & 0xff).toString(16).padStart(2, '0')}`;
}

function formatPrefix(b: Buffer): string {
  const g: string[] = [];
  for (let i = 0; i < 8; i += 2) g.push(((b[i] << 8) | b[i + 1]).toString(16));
  return `${g.join(':')}::`;
}
