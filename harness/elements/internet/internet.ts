import { encodeIpv6Packet, type Ipv6Packet } from '../../protocol/ipv6/index.ts';
import { addressBytes, addressString } from '../../protocol/udpip/datagram.ts';
import type { InternetHosts } from './hosts.ts';
import { TcpEchoService } from './tcp-echo.ts';
import { ipv4Hosts } from './ipv4-hosts.ts';
import { Nat64Standin } from '../nat64/index.ts';

/**
 * The in-process internet behind a gateway stand-in's SGi: answers ICMPv6 echo (RFC 4443 §4.1)
 * and the echo service over UDP and TCP (RFC 862, TCP in tcp-echo.ts) for its hosts' IPv6 addresses, says nothing for the broken host's IPv6
 * address, and answers Destination Unreachable / no route (RFC 4443 §3.1 code 0) for anything
 * else, as a real upstream router would. Replies are whole IPv6 packets for the gateway to send
 * down the tunnel.
 */
export class InternetStandin {
  private readonly answering: ReadonlySet<string>;
  readonly counters = { answered: 0, blackholed: 0, unreachable: 0 };
  readonly tcp: TcpEchoService;

  /** The PLATs (NAT64, RFC 6146) behind this gateway, one per Pref64 its APNs declare. */
  readonly nat64: Nat64Standin[];

  constructor(
    readonly hosts: InternetHosts,
    /** The gateway's SGi address, the source of Destination Unreachable. */
    private readonly routerAddress: string,
    plat: { prefixes: string[]; faults?: ReadonlySet<string> } = { prefixes: [] },
  ) {
    this.answering = new Set([hosts.ipv6Only, hosts.dualStack.ipv6].map(canonical));
    this.tcp = new TcpEchoService(hosts.udpEchoPort);
    const v4 = ipv4Hosts(hosts);
    // The NAT64's own IPv4 address: 203.0.113.64 + n (documentation range, RFC 5737).
    this.nat64 = plat.prefixes.map((prefix, i) => new Nat64Standin(prefix, `203.0.113.${64 + i}`, v4, plat.faults));
  }

  /** The reply to a packet the gateway forwarded to the internet, or undefined. */
  deliver(p: Ipv6Packet, raw: Buffer): Buffer | undefined {
    const plat = this.nat64.find((n) => n.handles(p.dst));
    if (plat) {
      const reply = plat.deliver(p, raw);
      if (reply) this.counters.answered++;
      return reply;
    }
    const dst = canonical(p.dst);
    if (dst === canonical(this.hosts.brokenIpv6.ipv6)) {
      this.counters.blackholed++;
      return undefined;
    }
    if (!this.answering.has(dst)) {
      this.counters.unreachable++;
      // RFC 4443 §3.1: as much of the invoking packet as fits in the minimum MTU (1280 − 40 − 8).
      return encodeIpv6Packet({ ...p, src: this.routerAddress, dst: p.src, hopLimit: 64, extensionHeaders: [], payload: { type: 'icmpv6', message: { type: 'destination-unreachable', code: 0, invoking: raw.subarray(0, 1232) } } });
    }
    const pl = p.payload;
    if (pl.type === 'icmpv6' && pl.message.type === 'echo-request') {
      this.counters.answered++;
      return encodeIpv6Packet({ ...p, src: p.dst, dst: p.src, hopLimit: 64, extensionHeaders: [], payload: { type: 'icmpv6', message: { type: 'echo-reply', identifier: pl.message.identifier, sequence: pl.message.sequence, data: pl.message.data } } });
    }
    if (pl.type === 'udp' && pl.dstPort === this.hosts.udpEchoPort) {
      this.counters.answered++;
      return encodeIpv6Packet({ ...p, src: p.dst, dst: p.src, hopLimit: 64, extensionHeaders: [], payload: { type: 'udp', srcPort: pl.dstPort, dstPort: pl.srcPort, data: pl.data } });
    }
    if (pl.type === 'raw' && pl.nextHeader === 6) {
      const reply = this.tcp.answer(p, raw, pl.data);
      if (reply) this.counters.answered++;
      return reply;
    }
    return undefined;
  }
}

/** RFC 5952 text, so that any spelling of an address matches. */
function canonical(a: string): string {
  return addressString(addressBytes(a));
}
