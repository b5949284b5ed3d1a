import { ipPacket, tcpSegment, type Endpoint } from './builders.ts';
import { encodeIpPacket } from './packet.ts';
import { TCP_FLAGS } from './tcp.ts';

const { FIN, SYN, PSH, ACK } = TCP_FLAGS;

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
    private readonly client: Endpoint,
    private readonly server: Endpoint,
    private readonly emit: (packet: Buffer) => void,
  ) {}

  private segment(fromClient: boolean, flags: number, data?: Buffer): void {
    const [src, dst] = fromClient ? [this.client, this.server] : [this.server, this.client];
    const seq = fromClient ? this.clientSeq : this.serverSeq;
    const ack = fromClient ? this.serverSeq : this.clientSeq;
    const seg = tcpSegment({
      srcPort: src.port,
      dstPort: dst.port,
      seq: seq >>> 0,
      ack: flags & ACK ? ack >>> 0 : 0,
      flags,
      data,
    });
    const advance = (data?.length ?? 0) + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0);
    if (fromClient) this.clientSeq += advance;
    else this.serverSeq += advance;
    this.emit(encodeIpPacket(ipPacket(src.address, dst.address, seg)));
  }

  open(): void {
    this.segment(true, SYN);
    this.segment(false, SYN | ACK);
    this.segment(true, ACK);
  }

  data(fromClient: boolean, payload: Buffer): void {
    // One segment holds at most 65535 - 40 - 20 octets of data in a packet the pcap can show.
    for (let o = 0; o < payload.length; o += 65_000)
      this.segment(fromClient, PSH | ACK, payload.subarray(o, o + 65_000));
  }

  close(fromClient = true): void {
    this.segment(fromClient, FIN | ACK);
    this.segment(!fromClient, FIN | ACK);
    this.segment(fromClient, ACK);
  }
}
