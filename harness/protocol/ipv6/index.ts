/** IPv6 (RFC 8200), ICMPv6 (RFC 4443), Neighbor Discovery (RFC 4861, RFC 8106, RFC 8781), and IPv4 headers. */
export {
  encodeIpv6Packet,
  decodeIpv6Packet,
  decodeIpv4Packet,
  decodeIpPacket,
  ipv6EncodingLength,
  NEXT_HEADER,
  type Ipv6Packet,
  type Ipv4Packet,
  type Ipv6Payload,
  type ExtensionHeader,
} from './packet.ts';
export { ICMPV6_TYPES, type Icmpv6Message } from './icmpv6.ts';
export type { NdOption } from './nd-options.ts';
export {
  routerSolicitation,
  routerAdvertisement,
  echoRequest,
  neighborSolicitation,
  ALL_NODES,
  ALL_ROUTERS,
  type RaFields,
} from './builders.ts';
export { fragmentIpv6, Reassembler, type ReassemblyResult, type ReassemblerOptions } from '../ip/fragmentation.ts';
export {
  tcpHeader,
  tcpSegment,
  decodeTcpSegment,
  fillTcpChecksum,
  tcpChecksumValid,
  TCP_FLAGS,
  type TcpSegment,
} from './tcp.ts';
