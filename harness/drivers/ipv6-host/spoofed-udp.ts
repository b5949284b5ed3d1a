import raw from 'raw-socket';
import { encodeIpv6Packet } from '../../protocol/ipv6/index.ts';
import type { PacketRecorder } from '../../protocol/pcap/index.ts';

/** IPPROTO_RAW: on an IPv6 raw socket the caller writes the whole packet, header included (RFC 3542 §3, Linux raw(7)). */
const IPPROTO_RAW = 255;

/**
 * Sends one UDP datagram with a source address of our choosing (an address the host does not
 * own, as a spoofing UE would): for source-address validation tests (BCP 38, RFC 2827 §3).
 */
export async function sendSpoofedUdp(src: string, dst: string, dstPort: number, data: Buffer, recorder: PacketRecorder): Promise<void> {
  const packet = encodeIpv6Packet({ version: 6, trafficClass: 0, flowLabel: 0, hopLimit: 64, src, dst, extensionHeaders: [], payload: { type: 'udp', srcPort: 40000, dstPort, data } });
  recorder.ip(packet);
  const socket = raw.createSocket({ protocol: IPPROTO_RAW, addressFamily: raw.AddressFamily.IPv6 });
  try {
    await new Promise<void>((resolve, reject) => socket.send(packet, 0, packet.length, dst, (err) => (err ? reject(err) : resolve())));
  } finally {
    socket.close();
  }
}
