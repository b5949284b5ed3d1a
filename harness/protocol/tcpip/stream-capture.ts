import { encodeIpv4Packet } from '../ipv4/packet.ts';
import { encodeIpv6Packet } from '../ipv6/packet.ts';
import { encodeTcpSegment, type TcpFlags } from '../transport/segments.ts';
import type { UdpEndpoint } from '../udpip/datagram.ts';

/**
 * A TCP connection a driver holds through the kernel's sockets, written back as the packets that
 * were on the wire (RFC 9293 §3.1 segments in IPv6 or IPv4, checksums set): a three-way
 * handshake, one segment per message each way with running sequence numbers, and a FIN each way.
 * The kernel's own segmentation is not reproduced; what Wireshark reassembles is the same stream.
 */
export class TcpStreamCapture {
  private clientSeq = 1_000;
  private serverSeq = 5_000;

  constructor(
    private readonly client: UdpEndpoint,
    private readonly server: UdpEndpoint,
    private readonly emit: (packet: Buffer) => void,
  ) {}

  private segment(fromClient: boolean, flags: TcpFlags, data: Buffer = Buffer.alloc(0)): void {
    const [src, dst] = fromClient ? [this.client, this.server] : [this.server, this.client];
    const seq = fromClient ? this.clientSeq : this.serverSeq;
    const ack = fromClient ? this.serverSeq : this.clientSeq;
    const seg = encodeTcpSegment(
      {
        srcPort: src.port,
        dstPort: dst.port,
        seq: seq >>> 0,
        ackNumber: flags.ack ? ack >>> 0 : 0,
        flags,
        window: 65535,
        urgentPointer: 0,
        options: Buffer.alloc(0),
        data,
      },
      src.address,
      dst.address,
    );
    const advance = data.length + (flags.syn ? 1 : 0) + (flags.fin ? 1 : 0);
    if (fromClient) this.clientSeq += advance;
    else this.serverSeq += advance;
    this.emit(
      src.address.includes(':')
        ? encodeIpv6Packet({
            version: 6,
            trafficClass: 0,
            flowLabel: 0,
            hopLimit: 64,
            src: src.address,
            dst: dst.address,
            extensionHeaders: [],
            payload: { type: 'raw', nextHeader: 6, data: seg },
          })
        : encodeIpv4Packet({
            tos: 0,
            identification: 0,
            dontFragment: true,
            moreFragments: false,
            fragmentOffset: 0,
            ttl: 64,
            protocol: 6,
            src: src.address,
            dst: dst.address,
            payload: seg,
          }),
    );
  }

  open(): void {
    this.segment(true, { syn: true });
    this.segment(false, { syn: true, ack: true });
    this.segment(true, { ack: true });
  }

  data(fromClient: boolean, payload: Buffer): void {
    // One segment holds at most 65535 - 40 - 20 octets of data in a packet the pcap can show.
    for (let o = 0; o < payload.length; o += 65_000)
      this.segment(fromClient, { psh: true, ack: true }, payload.subarray(o, o + 65_000));
  }

  close(fromClient = true): void {
    this.segment(fromClient, { fin: true, ack: true });
    this.segment(!fromClient, { fin: true, ack: true });
    this.segment(fromClient, { ack: true });
  }
}
