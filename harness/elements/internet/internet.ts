import { addressBytes, addressString } from '../../protocol/common/ip-bytes.ts';
import * as ip from '../../protocol/ip/index.ts';
import type { InternetHosts } from './hosts.ts';
import { TcpEchoService } from './tcp-echo.ts';
import { Nat64Standin, type Nat64Fault } from '../nat64/index.ts';
import type { FaultSet } from '../common/fault-set.ts';

/**
 * The in-process internet behind a gateway stand-in's SGi: answers echo (ICMPv6, RFC 4443 §4.1;
 * ICMP, RFC 792) and the echo service over UDP and TCP (RFC 862, TCP in tcp-echo.ts) for its
 * hosts' addresses of either family, says nothing for the broken host's IPv6 address (its IPv4
 * address works), and answers Destination Unreachable (RFC 4443 §3.1 code 0 no route; RFC 792
 * code 0 net unreachable) for anything else, as a real upstream router would. Replies are whole
 * IP packets for the gateway to send down the tunnel.
 */
export class InternetStandin {
  private readonly answering: ReadonlySet<string>;
  private readonly answeringIpv4: ReadonlySet<string>;
  private readonly brokenIpv6: string;
  private readonly own = { answered: 0, blackholed: 0, unreachable: 0 };
  /** Echoes the gateway's forwarding thread answered for this internet (udpEcho). */
  private answeredElsewhere: () => number = () => 0;

  get counters(): Readonly<typeof this.own> {
    return { ...this.own, answered: this.own.answered + this.answeredElsewhere() };
  }
  readonly tcp: TcpEchoService;

  /** The PLATs (NAT64, RFC 6146) behind this gateway, one per Pref64 its APNs declare. */
  readonly nat64: Nat64Standin[];

  constructor(
    readonly hosts: InternetHosts,
    /** The gateway's SGi address, the source of Destination Unreachable. */
    private readonly routerAddress: string,
    plat: { prefixes: string[]; faults?: FaultSet<Nat64Fault> } = { prefixes: [] },
    /** The same router's IPv4 address. */
    private readonly routerIpv4 = '192.0.2.254',
  ) {
    this.answering = new Set([hosts.ipv6Only, hosts.dualStack.ipv6].map(canonical));
    this.brokenIpv6 = canonical(hosts.brokenIpv6.ipv6);
    this.answeringIpv4 = new Set([hosts.ipv4Only, hosts.dualStack.ipv4, hosts.brokenIpv6.ipv4].map(canonical));
    this.tcp = new TcpEchoService(hosts.udpEchoPort);
    // Behind each NAT64, the same IPv4 hosts; its own address is 203.0.113.64 + n (RFC 5737 range).
    const v4 = (packet: Buffer) => this.deliver(ip.decodeIpPacket(packet), packet);
    this.nat64 = plat.prefixes.map((prefix, i) => new Nat64Standin(prefix, `203.0.113.${64 + i}`, v4, plat.faults));
  }

  /**
   * The IPv6 hosts whose UDP echo a gateway's forwarding thread may answer in its place, as
   * answer() does (ipPacket's hop limit 64): those that answer and that no NAT64 takes.
   */
  udpEcho(): { hosts: string[]; port: number; hopLimit: number; answeredElsewhere(count: () => number): void } {
    const hosts = [...this.answering].filter((h) => !this.nat64.some((plat) => plat.handles(addressBytes(h))));
    return {
      hosts,
      port: this.hosts.udpEchoPort,
      hopLimit: 64,
      answeredElsewhere: (count) => {
        this.answeredElsewhere = count;
      },
    };
  }

  /** The reply to a packet the gateway forwarded to the internet, or undefined. */
  deliver(p: ip.IpPacket, raw: Buffer): Buffer | undefined {
    const reply = p.version === 6 ? this.deliverIpv6(p, raw) : this.deliverIpv4(p, raw);
    return reply && (Buffer.isBuffer(reply) ? reply : ip.encodeIpPacket(reply));
  }

  private deliverIpv6(p: ip.Ipv6Packet, raw: Buffer): ip.IpPacket | Buffer | undefined {
    const dstBytes = addressBytes(p.dst);
    for (const plat of this.nat64) {
      if (!plat.handles(dstBytes)) continue;
      const reply = plat.deliver(p);
      if (reply) this.own.answered++;
      return reply;
    }
    const dst = addressString(dstBytes);
    if (dst === this.brokenIpv6) {
      this.own.blackholed++;
      return undefined;
    }
    if (!this.answering.has(dst)) {
      this.own.unreachable++;
      // RFC 4443 §3.1: as much of the invoking packet as fits in the minimum MTU (1280 − 40 − 8).
      return ip.icmpv6Packet(this.routerAddress, p.src, {
        type: 'destination-unreachable',
        code: 0,
        invoking: raw.subarray(0, 1232),
      });
    }
    return this.answer(p);
  }

  /** RFC 791: whole, unfragmented datagrams with a good header checksum only (fragments are not reassembled here). */
  private deliverIpv4(p: ip.Ipv4Packet, raw: Buffer): ip.IpPacket | undefined {
    if (!p.headerChecksumValid || p.moreFragments || p.fragmentOffset !== 0) return undefined;
    if (!this.answeringIpv4.has(p.dst)) {
      this.own.unreachable++;
      // RFC 792 Destination Unreachable: the internet header plus at least 64 bits of the datagram
      // (RFC 1812 §4.3.2.3: as much as fits in 576 octets).
      return ip.icmpv4Packet(this.routerIpv4, p.src, {
        type: 'destination-unreachable',
        code: 0,
        nextHopMtu: 0,
        invoking: raw.subarray(0, 576 - 28),
      });
    }
    return this.answer(p);
  }

  /** A host's answer, either family: Echo (RFC 4443 §4.2, RFC 792), UDP echo (RFC 862), TCP (tcp-echo.ts). */
  private answer(p: ip.IpPacket): ip.IpPacket | undefined {
    const pl = p.payload;
    // A host drops what fails its checksum (RFC 768, RFC 4443 §2.3, RFC 792); TCP counts them (tcp-echo.ts).
    if (pl.type !== 'raw' && pl.type !== 'tcp' && !pl.checksumValid) return undefined;
    const reply =
      pl.type === 'udp' && pl.dstPort === this.hosts.udpEchoPort
        ? ip.ipPacket(p.dst, p.src, ip.udpDatagram(pl.dstPort, pl.srcPort, pl.data))
        : pl.type === 'tcp'
          ? this.tcp.answer(p)
          : ip.echoReplyTo(p);
    if (reply) this.own.answered++;
    return reply;
  }
}

/** RFC 5952 text (and dotted quads as they are), so that any spelling of an address matches. */
function canonical(a: string): string {
  return addressString(addressBytes(a));
}
