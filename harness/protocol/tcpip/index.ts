/** TCP segments inside whole IPv6 or IPv4 packets, checksummed over the family's pseudo-header. */
export { encodeTcpPacket, decodeTcpPacket, type TcpPacket, type TcpPacketFields } from './packet.ts';
