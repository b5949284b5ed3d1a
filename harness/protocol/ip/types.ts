import type { Icmpv4Message } from './icmpv4.ts';
import type { Icmpv6Message } from './icmpv6.ts';

/**
 * One IP packet, either family: an IPv4 header (RFC 791 §3.1) or an IPv6 header with its
 * extension headers (RFC 8200 §3, §4), and the upper layer — UDP (RFC 768), TCP (RFC 9293 §3.1),
 * ICMP (RFC 792) over IPv4, ICMPv6 (RFC 4443) over IPv6, or any other protocol (and any
 * fragment) as its octets. Checksums are computed by the encoder; the decoder says whether the
 * received ones verify (`checksumValid`, `headerChecksumValid`).
 */
export type IpPacket = Ipv4Packet | Ipv6Packet;

/** IANA protocol numbers (the IPv4 Protocol field and the IPv6 Next Header field share them). */
export const PROTOCOL = {
  HOP_BY_HOP: 0,
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ROUTING: 43,
  FRAGMENT: 44,
  ICMPV6: 58,
  NO_NEXT_HEADER: 59,
  DESTINATION_OPTIONS: 60,
} as const;

export interface Ipv4Packet {
  version: 4;
  /** The former TOS octet: DSCP and ECN (RFC 2474, RFC 3168). */
  tos: number;
  identification: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** In units of 8 octets. */
  fragmentOffset: number;
  ttl: number;
  src: string;
  dst: string;
  /** Options (RFC 791 §3.1), a multiple of 4 octets, present when IHL > 5. */
  options?: Buffer;
  /** Set by the decoder. */
  headerChecksumValid?: boolean;
  payload: Ipv4Payload;
}

export interface Ipv6Packet {
  version: 6;
  trafficClass: number;
  flowLabel: number;
  hopLimit: number;
  src: string;
  dst: string;
  extensionHeaders: ExtensionHeader[];
  payload: Ipv6Payload;
}

/** RFC 8200 §4.3-§4.6; the fragment offset in 8-octet units. */
export type ExtensionHeader =
  | { type: 'hop-by-hop' | 'destination-options'; options: Buffer }
  | { type: 'routing'; routingType: number; segmentsLeft: number; data: Buffer }
  | { type: 'fragment'; offset: number; more: boolean; identification: number };

/** RFC 768. */
export interface UdpDatagram {
  type: 'udp';
  srcPort: number;
  dstPort: number;
  data: Buffer;
  /**
   * The checksum field is zero: "no checksum" over IPv4 (RFC 768); over IPv6 only for tunnels
   * (RFC 6935), otherwise invalid (RFC 8200 §8.1). The encoder then writes zero.
   */
  noChecksum?: boolean;
  checksumValid?: boolean;
}

/** RFC 9293 §3.1; the control bits as one octet (TCP_FLAGS). */
export interface TcpSegment {
  type: 'tcp';
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  urgentPointer: number;
  /** Options as sent, a multiple of 4 octets, at most 40. */
  options: Buffer;
  data: Buffer;
  checksumValid?: boolean;
}

export interface IcmpPayload {
  type: 'icmp';
  message: Icmpv4Message;
  checksumValid?: boolean;
}

export interface Icmpv6Payload {
  type: 'icmpv6';
  message: Icmpv6Message;
  checksumValid?: boolean;
}

/** Any other protocol, and every fragment (its octets are not a whole upper-layer message). */
export interface RawPayload {
  type: 'raw';
  protocol: number;
  data: Buffer;
}

export type Ipv4Payload = UdpDatagram | TcpSegment | IcmpPayload | RawPayload;
export type Ipv6Payload = UdpDatagram | TcpSegment | Icmpv6Payload | RawPayload;
export type Payload = Ipv4Payload | Ipv6Payload;
