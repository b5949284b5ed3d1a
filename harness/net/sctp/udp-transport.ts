import { SCTP_UDP_PORT } from '../../protocol/sctp/index.ts';
import type { PacketRecorder } from '../pcap/recorder.ts';
import { openUdpSocket, type UdpSocketLike } from '../udp-socket/index.ts';
import { SctpCapture } from './capture.ts';
import { PortDemux } from './demux.ts';
import { ipHeaderLength, type PacketReceiver, type PeerAddress, type SctpTransport } from './transport.ts';

/**
 * SCTP over UDP (RFC 6951): each SCTP packet is one UDP datagram, the local UDP port the
 * encapsulation port (9899 by default, §5.1), the peer's learnt from what it sends (§5.4). For
 * containers and hosts where raw sockets are not allowed, and to reach userspace stacks
 * (usrsctp) that speak it. The UDP checksum is the kernel's; the SCTP checksum is still
 * computed (§5.3 allows omitting it only when both ends agree, which we do not assume).
 * The socket is the batched one (udp-socket: recvmmsg/sendmmsg) where its addon is built: the
 * SCTP packets an association sends while handling a received batch (SACKs, answers) leave in
 * one system call, where dgram made one per packet plus its send bookkeeping.
 */
/**
 * Queued SCTP packets that leave at once instead of at the end of the event-loop turn: an
 * association answering a batch of requests (an AMF, a gNB's UEs) hands the peer its first
 * answers while it still works on the rest, so that both ends work at the same time. Waiting for
 * the whole turn made the two ends of bench n2 take turns (each busy about half the time, the
 * rate the inverse of both sides' CPU per setup added up); a system call per 4 packets costs a
 * few microseconds against the tens each NGAP message costs to handle.
 */
const FLUSH_AT = 4;

export interface UdpTransportOptions {
  family: 4 | 6;
  /** Local UDP port; 0 picks one. Default 9899. */
  port?: number;
  /** Local address to bind; the wildcard by default. */
  address?: string;
  recorder?: PacketRecorder;
}

export class UdpTransport implements SctpTransport {
  readonly kind = 'udp';
  readonly answersOutOfTheBlue = true;
  private readonly demux = new PortDemux('udp', (p, to) => this.send(p, to));
  private capture: SctpCapture | undefined;
  private closed = false;

  private constructor(
    private readonly socket: UdpSocketLike,
    readonly options: UdpTransportOptions,
  ) {
    this.port = socket.address().port;
    if (options.recorder) {
      const bound = socket.address().address;
      const wildcard = bound === '::' || bound === '0.0.0.0';
      this.capture = new SctpCapture(
        options.recorder,
        { kind: 'udp', localPort: () => this.localUdpPort },
        wildcard ? undefined : bound,
      );
    }
  }

  /**
   * A received datagram: one SCTP packet from the peer's address and encapsulation port. The
   * batched socket hands views of a shared 64 KiB slab; what the upper layers keep of a packet
   * (an NGAP IE, a NAS field: views of the packet) would keep the whole slab alive, so the packet
   * gets an ArrayBuffer of its own, as dgram gave it (bench n2-memory: 1548 B per held UE with
   * its own buffer, 2421 B with slab views, 5,000 UEs).
   */
  private receive(msg: Buffer, address: string, udpPort: number): void {
    const packet = Buffer.allocUnsafeSlow(msg.length);
    packet.set(msg);
    const from = { address, udpPort };
    this.capture?.received(packet, from);
    this.demux.dispatch(packet, from);
  }

  static async open(options: UdpTransportOptions): Promise<UdpTransport> {
    let transport: UdpTransport | undefined;
    const address = options.address ?? (options.family === 6 ? '::' : '0.0.0.0');
    try {
      const socket = await openUdpSocket(
        { address, port: options.port ?? SCTP_UDP_PORT, flushAt: FLUSH_AT },
        (msg, from) => transport?.receive(msg, from.address, from.port),
      );
      transport = new UdpTransport(socket, options);
      return transport;
    } catch (e) {
      // The errno code stays on the error, so a caller can fall back to another port on EADDRINUSE.
      throw Object.assign(
        new Error(`SCTP over UDP: cannot bind UDP port ${options.port ?? SCTP_UDP_PORT}: ${(e as Error).message}`),
        { code: (e as NodeJS.ErrnoException).code },
      );
    }
  }

  /** The bound UDP port (kept after close). */
  get localUdpPort(): number {
    this.port ??= this.socket.address().port;
    return this.port;
  }

  private port: number | undefined;

  headerOverhead(address: string): number {
    return ipHeaderLength(address) + 8;
  }

  send(packet: Buffer, to: PeerAddress): void {
    if (this.closed) return;
    this.capture?.sent(packet, to);
    this.socket.send(packet, to.udpPort ?? SCTP_UDP_PORT, to.address);
  }

  bind(port: number, receiver: PacketReceiver): void {
    this.demux.bind(port, receiver);
  }

  unbind(port: number): void {
    this.demux.unbind(port);
  }

  async settled(): Promise<void> {
    await this.capture?.settled();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.capture?.settled();
    this.closed = true;
    await this.socket.close();
  }
}
