import { encodeIpv6Packet } from '../../protocol/ipv6/index.ts';
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
  const packet = encodeIpv6Packet({
    version: 6,
    trafficClass: 0,
    flowLabel: 0,
    hopLimit: 64,
    src,
    dst,
    extensionHeaders: [],
    payload: { type: 'udp', srcPort: 40000, dstPort, data },
  });
  await sendRawIpv6([packet], dst, recorder);
}
