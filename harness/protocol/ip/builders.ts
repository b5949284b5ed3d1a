import { EncodeError } from '../common/decode-error.ts';
import type { Icmpv4Message } from './icmpv4.ts';
import type { Icmpv6Message } from './icmpv6.ts';
import type { NdOption } from './nd-options.ts';
import type {
  ExtensionHeader,
  IpPacket,
  Ipv4Packet,
  Ipv4Payload,
  Ipv6Packet,
  Ipv6Payload,
  RawPayload,
  TcpSegment,
  UdpDatagram,
} from './types.ts';

/**
 * Whole packets as the UE models, drivers and stand-ins send them. IPv6 (RFC 8200): traffic class
 * and flow label 0, hop limit 64 unless given; ND messages with hop limit 255 (RFC 4861 §6.1.1,
 * §6.1.2: receivers drop anything else), RS to all-routers (§6.3.7). IPv4 (RFC 791): TTL 64 (RFC
 * 1700's default), DF set as stacks doing path MTU discovery send (RFC 1191 §3), identification 0
 * (RFC 6864 §4.1: an atomic datagram's identification has no meaning).
 */
export const ALL_NODES = 'ff02::1';
export const ALL_ROUTERS = 'ff02::2';

/** A transport address: an IPv4 or IPv6 address and a port. */
export interface Endpoint {
  address: string;
  port: number;
}

export function ipv6Packet(
  src: string,
  dst: string,
  payload: Ipv6Payload,
  o: { hopLimit?: number; trafficClass?: number; flowLabel?: number; extensionHeaders?: ExtensionHeader[] } = {},
): Ipv6Packet {
  return {
    version: 6,
    trafficClass: o.trafficClass ?? 0,
    flowLabel: o.flowLabel ?? 0,
    hopLimit: o.hopLimit ?? 64,
    src,
    dst,
    extensionHeaders: o.extensionHeaders ?? [],
    payload,
  };
}

export function ipv4Packet(
  src: string,
  dst: string,
  payload: Ipv4Payload,
  o: { ttl?: number; tos?: number; identification?: number } = {},
): Ipv4Packet {
  return {
    version: 4,
    tos: o.tos ?? 0,
    identification: o.identification ?? 0,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: o.ttl ?? 64,
    src,
    dst,
    payload,
  };
}

/** A packet of the family of its addresses (both of one family), for payloads either family carries. */
export function ipPacket(
  src: string,
  dst: string,
  payload: UdpDatagram | TcpSegment | RawPayload,
  hopLimit = 64,
): IpPacket {
  const v6 = src.includes(':');
  if (v6 !== dst.includes(':')) throw new EncodeError('ip', 'addresses', `${src} and ${dst} are of different families`);
  return v6 ? ipv6Packet(src, dst, payload, { hopLimit }) : ipv4Packet(src, dst, payload, { ttl: hopLimit });
}

export const udpDatagram = (srcPort: number, dstPort: number, data: Buffer): UdpDatagram => ({
  type: 'udp',
  srcPort,
  dstPort,
  data,
});

const EMPTY = Buffer.alloc(0);

/** A segment with no options, window 65535, urgent pointer 0 unless given. */
export function tcpSegment(f: {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack?: number;
  flags: number;
  window?: number;
  urgentPointer?: number;
  options?: Buffer;
  data?: Buffer;
}): TcpSegment {
  return {
    type: 'tcp',
    srcPort: f.srcPort,
    dstPort: f.dstPort,
    seq: f.seq,
    ack: f.ack ?? 0,
    flags: f.flags,
    window: f.window ?? 65535,
    urgentPointer: f.urgentPointer ?? 0,
    options: f.options ?? EMPTY,
    data: f.data ?? EMPTY,
  };
}

/** A UDP datagram between two endpoints as the packet that was on the wire. */
export function udpPacket(src: Endpoint, dst: Endpoint, data: Buffer, hopLimit = 64): IpPacket {
  return ipPacket(src.address, dst.address, udpDatagram(src.port, dst.port, data), hopLimit);
}

/** The endpoints and data of a UDP packet, or undefined for anything else. */
export function datagramOf(p: IpPacket): { src: Endpoint; dst: Endpoint; data: Buffer } | undefined {
  if (p.payload.type !== 'udp') return undefined;
  return {
    src: { address: p.src, port: p.payload.srcPort },
    dst: { address: p.dst, port: p.payload.dstPort },
    data: p.payload.data,
  };
}

export const icmpv4Packet = (src: string, dst: string, message: Icmpv4Message, ttl = 64): Ipv4Packet =>
  ipv4Packet(src, dst, { type: 'icmp', message }, { ttl });

export const icmpv6Packet = (src: string, dst: string, message: Icmpv6Message, hopLimit = 64): Ipv6Packet =>
  ipv6Packet(src, dst, { type: 'icmpv6', message }, { hopLimit });

export function echoRequest(
  src: string,
  dst: string,
  identifier: number,
  sequence: number,
  data: Buffer = EMPTY,
  hopLimit = 64,
): Ipv6Packet {
  return icmpv6Packet(src, dst, { type: 'echo-request', identifier, sequence, data }, hopLimit);
}

/**
 * The Echo Reply to an Echo Request (RFC 4443 §4.2, RFC 792): the request's identifier, sequence
 * and data, from the address it was sent to (or `from`) back to its source. Undefined for
 * anything that is not an Echo Request.
 */
export function echoReplyTo(p: IpPacket, from = p.dst): IpPacket | undefined {
  const m = p.payload.type === 'icmp' || p.payload.type === 'icmpv6' ? p.payload.message : undefined;
  if (m?.type !== 'echo-request') return undefined;
  const reply = { type: 'echo-reply' as const, identifier: m.identifier, sequence: m.sequence, data: m.data };
  return p.version === 6 ? icmpv6Packet(from, p.src, reply) : icmpv4Packet(from, p.src, reply);
}

export function routerSolicitation(src: string, options: NdOption[] = []): Ipv6Packet {
  return icmpv6Packet(src, ALL_ROUTERS, { type: 'router-solicitation', options }, 255);
}

export interface RaFields {
  curHopLimit?: number;
  managed?: boolean;
  other?: boolean;
  routerLifetime: number;
  reachableTime?: number;
  retransTimer?: number;
  options: NdOption[];
}

export function routerAdvertisement(src: string, dst: string, ra: RaFields): Ipv6Packet {
  return icmpv6Packet(
    src,
    dst,
    {
      type: 'router-advertisement',
      curHopLimit: ra.curHopLimit ?? 64,
      managed: ra.managed ?? false,
      other: ra.other ?? false,
      otherFlags: 0,
      routerLifetime: ra.routerLifetime,
      reachableTime: ra.reachableTime ?? 0,
      retransTimer: ra.retransTimer ?? 0,
      options: ra.options,
    },
    255,
  );
}

export function neighborSolicitation(src: string, dst: string, target: string, options: NdOption[] = []): Ipv6Packet {
  return icmpv6Packet(src, dst, { type: 'neighbor-solicitation', target, options }, 255);
}
