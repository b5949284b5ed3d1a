import { encodeIpPacket, udpPacket, type Endpoint } from '../../protocol/ip/index.ts';
import { PcapBuffer } from './writer.ts';

/**
 * What a driver saw on its sockets, as the packets that were on the wire: every datagram it sends
 * or receives is framed with the real IPv4/IPv6 and UDP headers of the two endpoints, so an
 * in-process run still yields a pcap an engineer can open in Wireshark.
 */
export interface PacketRecorder {
  udp(src: Endpoint, dst: Endpoint, payload: Buffer): void;
  /** A whole IP packet (e.g. the inner packet of a G-PDU as seen by the UE). */
  ip(packet: Buffer): void;
}

export class PcapRecorder implements PacketRecorder {
  readonly pcap: PcapBuffer;

  /** `snaplen`: octets kept per packet (the pcap's snaplen; original lengths are recorded). */
  constructor(snaplen?: number) {
    this.pcap = new PcapBuffer(undefined, snaplen);
  }

  udp(src: Endpoint, dst: Endpoint, payload: Buffer): void {
    this.pcap.add(encodeIpPacket(udpPacket(src, dst, payload)));
  }

  ip(packet: Buffer): void {
    this.pcap.add(packet);
  }
}

/** For drivers used outside a scenario (benchmarks, tools): records nothing. */
export const noRecorder: PacketRecorder = { udp() {}, ip() {} };

/**
 * A recorder that passes on the first `limit` packets and counts the rest: for an element that
 * records its own legs during a load, where every packet would make the pcap grow with the rate.
 */
export class BoundedRecorder implements PacketRecorder {
  /** Packets not passed on. */
  skipped = 0;
  private kept = 0;

  constructor(
    private readonly into: PacketRecorder,
    private readonly limit: number,
  ) {}

  udp(src: Endpoint, dst: Endpoint, payload: Buffer): void {
    if (this.kept++ < this.limit) this.into.udp(src, dst, payload);
    else this.skipped++;
  }

  ip(packet: Buffer): void {
    if (this.kept++ < this.limit) this.into.ip(packet);
    else this.skipped++;
  }
}
