/** IPv4 (RFC 791) and ICMP (RFC 792, RFC 1191) for the NAT64 and dual-stack paths. */
export { encodeIpv4Packet, decodeIpv4Packet, type Ipv4Packet, type Ipv4PacketInput } from './packet.ts';
export { encodeIcmpv4, decodeIcmpv4, type Icmpv4Message } from './icmpv4.ts';
export { ipv4Packet, icmpv4Packet, IPV4_PROTOCOL } from './builders.ts';
