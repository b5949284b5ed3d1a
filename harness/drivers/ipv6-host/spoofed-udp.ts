import { encodeIpPacket, ipv6Packet, udpDatagram } from '../../protocol/ip/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { sendRawIpv6 } from './raw-sender.ts';

/**
 * Sends one UDP datagram with a source address of our choosing (an address the host does not
 * own, as a spoofing UE would): for source-address validation tests (BCP 38, RFC 2827 §3).
 */
export async function sendSpoofedUdp(
  src: string,
  dst: string,
  dstPort: number,
  data: Buffer,
  recorder: PacketRecorder,
): Promise<void> {
  const packet = encodeIpPacket(ipv6Packet(src, dst, udpDatagram(40000, dstPort, data)));
  await sendRawIpv6([packet], dst, recorder);
}
