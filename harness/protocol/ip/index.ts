/**
 * The IP packet codec (one for the whole harness): IPv4 (RFC 791), IPv6 and its extension headers
 * (RFC 8200), UDP (RFC 768), TCP (RFC 9293), ICMP (RFC 792), ICMPv6 (RFC 4443) with Neighbor
 * Discovery (RFC 4861, RFC 8106, RFC 8781); checksums (RFC 1071); an allocation-free view for hot
 * paths; IPv6 fragmentation (RFC 8200 §4.5); stateless translation between the two (RFC 7915).
 */
export type * from './types.ts';
export { PROTOCOL } from './types.ts';
export {
  encodeIpPacket,
  encodeIpPacketInto,
  decodeIpPacket,
  decodeIpv4Packet,
  decodeIpv6Packet,
  ipPacketLength,
} from './packet.ts';
export { pduSessionRouterAdvertisement, SMF_LINK_LOCAL, type PduSessionRa } from './pdu-session-ra.ts';
export { readIpView, newIpView, type IpView } from './view.ts';
export { TCP_FLAGS } from './tcp.ts';
export type { Icmpv4Message } from './icmpv4.ts';
export type { Icmpv6Message } from './icmpv6.ts';
export type { NdOption, Pref64Length } from './nd-options.ts';
export {
  ALL_NODES,
  ALL_ROUTERS,
  datagramOf,
  echoReplyTo,
  echoRequest,
  icmpv4Packet,
  icmpv6Packet,
  ipPacket,
  ipv4Packet,
  ipv6Packet,
  neighborSolicitation,
  routerAdvertisement,
  routerSolicitation,
  tcpSegment,
  udpDatagram,
  udpPacket,
  type Endpoint,
  type RaFields,
} from './builders.ts';
export { fragmentIpv6, Reassembler, type ReassemblyResult, type ReassemblerOptions } from './fragmentation.ts';
export { translate4to6, translate6to4, type Translation, type PortRewrite } from './siit.ts';
export { TcpStreamCapture } from './tcp-stream.ts';
