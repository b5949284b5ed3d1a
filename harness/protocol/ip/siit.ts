import { icmpv4Packet, ipv4Packet, ipv6Packet } from './builders.ts';
import type { Ipv4Packet, Ipv6Packet, TcpSegment, UdpDatagram } from './types.ts';

/**
 * Stateless IP/ICMP translation (SIIT, RFC 7915) of one unfragmented packet, as a CLAT or a NAT64
 * does it once it knows the addresses on the other side: IPv4 header ↔ IPv6 header (§4.1, §5.1),
 * ICMP Echo ↔ ICMPv6 Echo (§4.2, §5.2), UDP and TCP carried over, their checksums computed anew
 * for the new pseudo-header by the encoder (§4.5, §5.5; an IPv4 UDP datagram without checksum gets
 * one). Fragments, IPv4 options, extension headers and ICMP errors are refused with the reason; the
 * translator is a router, so the hop limit / TTL goes down by one (§4.1, §5.1).
 */
export type Translation<P> = { ok: true; packet: P } | { ok: false; reason: string };

/**
 * Port or Echo identifier rewriting for a stateful NAT64 (RFC 6146 §3.5): on the way out the
 * source port (ICMP: identifier) becomes the mapped one, on the way back the destination port
 * (ICMP: identifier) becomes the original again.
 */
export interface PortRewrite {
  port: number;
}

const transport = <T extends UdpDatagram | TcpSegment>(s: T, ports: { srcPort?: number; dstPort?: number }): T => {
  const out = { ...s, ...ports };
  delete out.checksumValid;
  if (out.type === 'udp') delete out.noChecksum;
  return out;
};

/** IPv4 → IPv6 from `src6` to `dst6` (RFC 7915 §4); `toPort` rewrites the destination port / Echo identifier. */
export function translate4to6(
  p: Ipv4Packet,
  src6: string,
  dst6: string,
  toPort?: PortRewrite,
): Translation<Ipv6Packet> {
  if (p.moreFragments || p.fragmentOffset) return { ok: false, reason: 'IPv4 fragment (not translated here)' };
  if (p.options) return { ok: false, reason: 'IPv4 options (RFC 7915 §4.1: not translated)' };
  if (p.ttl <= 1) return { ok: false, reason: 'TTL exhausted' };
  const header = { hopLimit: p.ttl - 1, trafficClass: p.tos };
  const pl = p.payload;
  switch (pl.type) {
    case 'icmp': {
      const m = pl.message;
      if (m.type !== 'echo-request' && m.type !== 'echo-reply')
        return { ok: false, reason: `ICMPv4 ${m.type} (only Echo is translated here)` };
      const message = { type: m.type, identifier: toPort?.port ?? m.identifier, sequence: m.sequence, data: m.data };
      return { ok: true, packet: ipv6Packet(src6, dst6, { type: 'icmpv6', message }, header) };
    }
    case 'udp':
    case 'tcp':
      return {
        ok: true,
        packet: ipv6Packet(src6, dst6, transport(pl, { dstPort: toPort?.port ?? pl.dstPort }), header),
      };
    default:
      return { ok: false, reason: `IPv4 protocol ${pl.protocol} (not translated here)` };
  }
}

/** IPv6 → IPv4 from `src4` to `dst4` (RFC 7915 §5); `fromPort` rewrites the source port / Echo identifier. */
export function translate6to4(
  p: Ipv6Packet,
  src4: string,
  dst4: string,
  fromPort?: PortRewrite,
): Translation<Ipv4Packet> {
  if (p.extensionHeaders.length) return { ok: false, reason: 'IPv6 extension headers (not translated here)' };
  if (p.hopLimit <= 1) return { ok: false, reason: 'hop limit exhausted' };
  // §5.1: DF set and Identification zero for a packet that was not fragmented (the builder's defaults).
  const header = { ttl: p.hopLimit - 1, tos: p.trafficClass };
  const pl = p.payload;
  switch (pl.type) {
    case 'icmpv6': {
      const m = pl.message;
      if (m.type !== 'echo-request' && m.type !== 'echo-reply')
        return { ok: false, reason: `ICMPv6 ${m.type} (only Echo is translated here)` };
      const message = { type: m.type, identifier: fromPort?.port ?? m.identifier, sequence: m.sequence, data: m.data };
      return { ok: true, packet: { ...icmpv4Packet(src4, dst4, message), ...header } };
    }
    case 'udp':
    case 'tcp':
      return {
        ok: true,
        packet: ipv4Packet(src4, dst4, transport(pl, { srcPort: fromPort?.port ?? pl.srcPort }), header),
      };
    default:
      return { ok: false, reason: `IPv6 next header ${pl.protocol} (not translated here)` };
  }
}
