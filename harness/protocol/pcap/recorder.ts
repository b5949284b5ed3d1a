import { encodeUdpPacket, type UdpEndpoint } from '../udpip/datagram.ts';
import { PcapBuffer } from './writer.ts';

/**
 * What a driver saw on its sockets, as the packets that were on the wire: every datagram it sends
 * or receives is framed with the real IPv4/IPv6 and UDP headers of the two endpoints, so an
 * in-process run still yields a pcap an engineer can open in Wireshark.
 */
export interface PacketRecorder {
  udp(src: UdpEndpoint, dst: UdpEndpoint, payload: Buffer): void;
  /** A whole IP packet (e.g. the inner packet of a G-PDU as seen by the UE). */
  ip(packet: Buffer): void;
}

export class PcapRecorder implements PacketRecorder {
  readonly pcap: PcapBuffer;

  /** `snaplen`: octets kept per packet (the pcap's snaplen; original lengths are recorded). */
  constructor(snaplen?: number) {
    this.pcap = new PcapBuffer(undefined, snaplen);
  }

  udp(src: UdpEndpoint, dst: UdpEndpoint, payload: Buffer): void {
    this.pcap.add(encodeUdpPacket({ src, dst, payload }));
  }

  ip(packet: Buffer): void {
    this.pcap.add(packet);
  }
}

/** For drivers used outside a scenario (benchmarks, tools): records nothing. */
export const noRecorder: PacketRecorder = { udp() {}, ip() {} };
