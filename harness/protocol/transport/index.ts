/** UDP and TCP segments with pseudo-header checksums over IPv4 or IPv6. */
export {
  encodeUdpSegment,
  decodeUdpSegment,
  encodeTcpSegment,
  decodeTcpSegment,
  type UdpSegment,
  type TcpSegment,
  type TcpFlags,
} from './segments.ts';
export { pseudoHeaderChecksum } from './pseudo-header.ts';
export { writeTcp, readTcp, TCP_FLAGS, type TcpWire } from './tcp-wire.ts';
