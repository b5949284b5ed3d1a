import { ipv4Packet, ipv6Packet } from './builders.ts';
import type { EchoMessage } from './icmp-codec.ts';
import type { Ipv4Packet, Ipv4Payload, Ipv6Packet, Ipv6Payload, Payload, TcpSegment, UdpDatagram } from './types.ts';

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

/**
 * The upper layer carried over (§4.2/§5.2 Echo, §4.5/§5.5 UDP and TCP; the encoder computes the
 * checksum for the new pseudo-header, so none received, or none at all, is kept), with the
 * rewrite applied to the named port (ICMP: the identifier); or why it is not translated.
 */
function carry(
  pl: Payload,
  rewrite: PortRewrite | undefined,
  side: 'srcPort' | 'dstPort',
  family: 'IPv4 protocol' | 'IPv6 next header',
): UdpDatagram | TcpSegment | EchoMessage | string {
  if (pl.type === 'icmp' || pl.type === 'icmpv6') {
    const m = pl.message;
    if (m.type !== 'echo-request' && m.type !== 'echo-reply')
      return `${pl.type === 'icmp' ? 'ICMPv4' : 'ICMPv6'} ${m.type} (only Echo is translated here)`;
    return { type: m.type, identifier: rewrite?.port ?? m.identifier, sequence: m.sequence, data: m.data };
  }
  if (pl.type === 'raw') return `${family} ${pl.protocol} (not translated here)`;
  const out = { ...pl, [side]: rewrite?.port ?? pl[side] };
  delete out.checksumValid;
  if (out.type === 'udp') delete out.noChecksum;
  return out;
}

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
  const u = carry(p.payload, toPort, 'dstPort', 'IPv4 protocol');
  if (typeof u === 'string') return { ok: false, reason: u };
  const payload: Ipv6Payload = u.type === 'udp' || u.type === 'tcp' ? u : { type: 'icmpv6', message: u };
  return { ok: true, packet: ipv6Packet(src6, dst6, payload, { hopLimit: p.ttl - 1, trafficClass: p.tos }) };
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
  const u = carry(p.payload, fromPort, 'srcPort', 'IPv6 next header');
  if (typeof u === 'string') return { ok: false, reason: u };
  const payload: Ipv4Payload = u.type === 'udp' || u.type === 'tcp' ? u : { type: 'icmp', message: u };
  // §5.1: DF set and Identification zero for a packet that was not fragmented (the builder's defaults).
  return { ok: true, packet: ipv4Packet(src4, dst4, payload, { ttl: p.hopLimit - 1, tos: p.trafficClass }) };
}
