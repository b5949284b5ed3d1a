import { encodeIcmpv4, type Icmpv4Message } from './icmpv4.ts';
import { encodeIpv4Packet } from './packet.ts';

/**
 * Whole IPv4 packets (RFC 791 §3.1, no options) that the UE model and the stand-ins send: the
 * header checksum computed, TTL 64 (RFC 1700's recommended default) unless given.
 */
export const IPV4_PROTOCOL = { ICMP: 1, TCP: 6, UDP: 17 } as const;

export function ipv4Packet(src: string, dst: string, protocol: number, payload: Buffer, ttl = 64): Buffer {
  return encodeIpv4Packet({
    tos: 0,
    identification: 0,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl,
    protocol,
    src,
    dst,
    payload,
  });
}

/** An ICMP message (RFC 792) in an IPv4 packet. */
export function icmpv4Packet(src: string, dst: string, m: Icmpv4Message, ttl = 64): Buffer {
  return ipv4Packet(src, dst, IPV4_PROTOCOL.ICMP, encodeIcmpv4(m), ttl);
}
