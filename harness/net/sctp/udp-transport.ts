import { createSocket, type Socket } from 'node:dgram';
import { SCTP_UDP_PORT } from '../../protocol/sctp/index.ts';
import type { PacketRecorder } from '../pcap/recorder.ts';
import { SctpCapture } from './capture.ts';
import { PortDemux } from './demux.ts';
import { ipHeaderLength, type PacketReceiver, type PeerAddress, type SctpTransport } from './transport.ts';

/**
 * SCTP over UDP (RFC 6951): each SCTP packet is one UDP datagram, the local UDP port the
 * encapsulation port (9899 by default, §5.1), the peer's learnt from what it sends (§5.4). For
 * containers and hosts where raw sockets are not allowed, and to reach userspace stacks
 * (usrsctp) that speak it. The UDP checksum is the kernel's; the SCTP checksum is still
 * computed (§5.3 allows omitting it only when both ends agree, which we do not assume).
 */
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
  readonly errors: Error[] = [];

  private constructor(
    private readonly socket: Socket,
    readonly options: UdpTransportOptions,
  ) {
    socket.on('message', (msg, rinfo) => {
      const from = { address: rinfo.address, udpPort: rinfo.port };
      this.capture?.received(msg, from);
      this.demux.dispatch(msg, from);
    });
    socket.on('error', (e) => this.errors.push(e));
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

  static open(options: UdpTransportOptions): Promise<UdpTransport> {
    return new Promise((resolve, reject) => {
      const socket = createSocket({ type: options.family === 6 ? 'udp6' : 'udp4', ipv6Only: options.family === 6 });
      // The errno code stays on the error, so a caller can fall back to another port on EADDRINUSE.
      socket.once('error', (e) =>
        reject(
          Object.assign(
            new Error(`SCTP over UDP: cannot bind UDP port ${options.port ?? SCTP_UDP_PORT}: ${e.message}`),
            { code: (e as NodeJS.ErrnoException).code },
          ),
        ),
      );
      socket.bind({ port: options.port ?? SCTP_UDP_PORT, address: options.address }, () => {
        socket.removeAllListeners('error');
        resolve(new UdpTransport(socket, options));
      });
    });
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
    this.socket.send(packet, to.udpPort ?? SCTP_UDP_PORT, to.address, (err) => {
      if (err) this.errors.push(err);
    });
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
    await new Promise<void>((r) => this.socket.close(() => r()));
  }
}
