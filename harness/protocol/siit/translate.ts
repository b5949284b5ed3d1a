import { finish, sum16 } from '../common/checksum.ts';
import { parseIpv4Into } from '../common/ip-bytes.ts';
import { decodeIcmpv4, encodeIcmpv4, encodeIpv4Packet } from '../ipv4/index.ts';
import {
  decodeIpv4Packet,
  decodeIpv6Packet,
  encodeIpv6Packet,
  fillTcpChecksum,
  type Ipv6Packet,
} from '../ipv6/index.ts';

/**
 * Stateless IP/ICMP translation (SIIT, RFC 7915) of one unfragmented packet, as a CLAT or a
 * NAT64 does it once it knows the addresses on the other side: IPv4 header ↔ IPv6 header (§4.1,
 * §5.1), ICMP Echo ↔ ICMPv6 Echo (§4.2, §5.2), UDP and TCP carried over with their checksums
 * recomputed for the new pseudo-header (§4.5, §5.5; an IPv4 UDP checksum of zero is computed).
 * Fragments, IP options, extension headers and ICMP errors are refused with the reason; the
 * translator is a router, so the hop limit / TTL goes down by one (§4.1, §5.1).
 */
export type Translation = { ok: true; packet: Buffer } | { ok: false; reason: string };

const PROTO = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58 } as const;

/**
 * Port or Echo identifier rewriting for a stateful NAT64 (RFC 6146 §3.5): on the way out the
 * source port (ICMP: identifier) becomes the mapped one, on the way back the destination port
 * (ICMP: identifier) becomes the original again.
 */
export interface PortRewrite {
  port: number;
}

/** An IPv4 packet → IPv6 with source `src6` and destination `dst6` (RFC 7915 §4); `toPort` rewrites the destination port / Echo identifier. */
export function translate4to6(raw: Buffer, src6: string, dst6: string, toPort?: PortRewrite): Translation {
  let p;
  try {
    p = decodeIpv4Packet(raw);
  } catch (e) {
    return { ok: false, reason: `undecodable IPv4: ${(e as Error).message}` };
  }
  if (p.moreFragments || p.fragmentOffset) return { ok: false, reason: 'IPv4 fragment (not translated here)' };
  if ((raw[0] & 0x0f) !== 5) return { ok: false, reason: 'IPv4 options (RFC 7915 §4.1: not translated)' };
  if (p.ttl <= 1) return { ok: false, reason: 'TTL exhausted' };
  const base = {
    version: 6 as const,
    trafficClass: p.tos,
    flowLabel: 0,
    hopLimit: p.ttl - 1,
    src: src6,
    dst: dst6,
    extensionHeaders: [],
  };
  switch (p.protocol) {
    case PROTO.ICMP: {
      const m = decodeIcmpv4(p.payload);
      if (m.type !== 'echo-request' && m.type !== 'echo-reply')
        return { ok: false, reason: `ICMPv4 ${m.type} (only Echo is translated here)` };
      return {
        ok: true,
        packet: encodeIpv6Packet({
          ...base,
          payload: {
            type: 'icmpv6',
            message: { type: m.type, identifier: toPort?.port ?? m.identifier, sequence: m.sequence, data: m.data },
          },
        }),
      };
    }
    case PROTO.UDP: {
      if (p.payload.length < 8) return { ok: false, reason: 'short UDP header' };
      return {
        ok: true,
        packet: encodeIpv6Packet({
          ...base,
          payload: {
            type: 'udp',
            srcPort: p.payload.readUInt16BE(0),
            dstPort: toPort?.port ?? p.payload.readUInt16BE(2),
            data: p.payload.subarray(8),
          },
        }),
      };
    }
    case PROTO.TCP: {
      const seg = Buffer.from(p.payload);
      if (toPort) seg.writeUInt16BE(toPort.port, 2);
      return {
        ok: true,
        packet: fillTcpChecksum(
          encodeIpv6Packet({ ...base, payload: { type: 'raw', nextHeader: PROTO.TCP, data: seg } }),
        ),
      };
    }
    default:
      return { ok: false, reason: `IPv4 protocol ${p.protocol} (not translated here)` };
  }
}

/** An IPv6 packet → IPv4 with source `src4` and destination `dst4` (RFC 7915 §5); `fromPort` rewrites the source port / Echo identifier. */
export function translate6to4(raw: Buffer, src4: string, dst4: string, fromPort?: PortRewrite): Translation {
  let p: Ipv6Packet;
  try {
    p = decodeIpv6Packet(raw);
  } catch (e) {
    return { ok: false, reason: `undecodable IPv6: ${(e as Error).message}` };
  }
  if (p.extensionHeaders.length) return { ok: false, reason: 'IPv6 extension headers (not translated here)' };
  if (p.hopLimit <= 1) return { ok: false, reason: 'hop limit exhausted' };
  // §5.1: DF set and Identification zero for a packet that was not fragmented.
  const header = {
    tos: p.trafficClass,
    identification: 0,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: p.hopLimit - 1,
    src: src4,
    dst: dst4,
  };
  const pl = p.payload;
  if (pl.type === 'icmpv6') {
    const m = pl.message;
    if (m.type !== 'echo-request' && m.type !== 'echo-reply')
      return { ok: false, reason: `ICMPv6 ${m.type} (only Echo is translated here)` };
    return {
      ok: true,
      packet: encodeIpv4Packet({
        ...header,
        protocol: PROTO.ICMP,
        payload: encodeIcmpv4({
          type: m.type,
          identifier: fromPort?.port ?? m.identifier,
          sequence: m.sequence,
          data: m.data,
        }),
      }),
    };
  }
  if (pl.type === 'udp') {
    const seg = Buffer.alloc(8 + pl.data.length);
    seg.writeUInt16BE(fromPort?.port ?? pl.srcPort, 0);
    seg.writeUInt16BE(pl.dstPort, 2);
    seg.writeUInt16BE(seg.length, 4);
    pl.data.copy(seg, 8);
    const c = ipv4UpperChecksum(src4, dst4, PROTO.UDP, seg);
    seg.writeUInt16BE(c === 0 ? 0xffff : c, 6); // RFC 768: a computed zero is sent as all ones
    return { ok: true, packet: encodeIpv4Packet({ ...header, protocol: PROTO.UDP, payload: seg }) };
  }
  if (pl.type === 'raw' && pl.nextHeader === PROTO.TCP && pl.data.length >= 20) {
    const seg = Buffer.from(pl.data);
    if (fromPort) seg.writeUInt16BE(fromPort.port, 0);
    seg.writeUInt16BE(0, 16);
    seg.writeUInt16BE(ipv4UpperChecksum(src4, dst4, PROTO.TCP, seg), 16);
    return { ok: true, packet: encodeIpv4Packet({ ...header, protocol: PROTO.TCP, payload: seg }) };
  }
  return { ok: false, reason: `IPv6 next header ${pl.nextHeader} (not translated here)` };
}

/** RFC 768 / RFC 9293 §3.1: the checksum over the IPv4 pseudo-header and the segment. */
export function ipv4UpperChecksum(src: string, dst: string, protocol: number, segment: Buffer): number {
  const pseudo = Buffer.alloc(12);
  parseIpv4Into(src, pseudo, 0);
  parseIpv4Into(dst, pseudo, 4);
  pseudo[9] = protocol;
  pseudo.writeUInt16BE(segment.length, 10);
  return finish(sum16(segment, 0, segment.length, sum16(pseudo, 0, 12)));
}
