import { existsSync } from 'node:fs';
import raw from 'raw-socket';
import type { PacketRecorder } from '../pcap/recorder.ts';
import { IPPROTO_SCTP, SctpCapture } from './capture.ts';
import { PortDemux } from './demux.ts';
import { ipHeaderLength, type PacketReceiver, type PeerAddress, type SctpTransport } from './transport.ts';

/**
 * SCTP directly over IP (protocol 132) through a raw socket (raw-socket; needs root or
 * CAP_NET_RAW), for hosts whose kernel has no SCTP: the raw socket gets every SCTP packet that
 * reaches the host. An IPv4 raw socket delivers the IP header (the source and destination are
 * read from it); an IPv6 raw socket delivers the SCTP packet alone, with the source address
 * (RFC 3542 §3). The kernel writes the IP header of what we send.
 *
 * The kernel's own SCTP, when loaded, answers every packet for a port it does not know with an
 * ABORT (§8.4) and would tear down our associations: opening refuses with that reason.
 * Packets for ports not bound in this process are ignored: another userspace stack may own them.
 */
export interface RawTransportOptions {
  family: 4 | 6;
  recorder?: PacketRecorder;
  /** The local address, when known (e.g. a listening address): used in captures. */
  localAddress?: string;
}

export class RawIpTransport implements SctpTransport {
  readonly kind = 'raw';
  readonly answersOutOfTheBlue = false;
  private readonly socket: raw.RawSocket;
  private readonly demux = new PortDemux('raw', undefined);
  private readonly capture: SctpCapture | undefined;
  private closed = false;
  /** Send failures (e.g. no route): the association's timers retransmit. */
  readonly errors: Error[] = [];

  constructor(readonly options: RawTransportOptions) {
    if (existsSync('/proc/net/sctp'))
      throw new Error(
        'raw SCTP transport: the kernel SCTP module is loaded and would ABORT our associations (RFC 9260 §8.4); use UDP encapsulation or unload sctp',
      );
    try {
      this.socket = raw.createSocket({
        protocol: IPPROTO_SCTP,
        addressFamily: options.family === 6 ? raw.AddressFamily.IPv6 : raw.AddressFamily.IPv4,
        bufferSize: 65536,
      });
    } catch (e) {
      throw new Error(
        `raw SCTP transport: cannot open a raw IPv${options.family} socket (root or CAP_NET_RAW needed): ${(e as Error).message}`,
      );
    }
    if (options.recorder) this.capture = new SctpCapture(options.recorder, { kind: 'raw' }, options.localAddress);
    this.socket.on('message', (buffer, source) => this.onMessage(buffer, source));
    this.socket.on('error', (e) => this.errors.push(e));
  }

  private onMessage(buffer: Buffer, source: string): void {
    let packet = buffer;
    let local: string | undefined;
    let from = source;
    if (this.options.family === 4) {
      const ihl = (buffer[0] & 0x0f) * 4;
      if (buffer.length < ihl + 12) return;
      from = `${buffer[12]}.${buffer[13]}.${buffer[14]}.${buffer[15]}`;
      local = `${buffer[16]}.${buffer[17]}.${buffer[18]}.${buffer[19]}`;
      packet = buffer.subarray(ihl);
    }
    const port = packet.length >= 4 ? (packet[2] << 8) | packet[3] : -1;
    if (!this.demux.has(port)) return;
    this.capture?.received(packet, { address: from }, local);
    this.demux.dispatch(packet, { address: from });
  }

  headerOverhead(address: string): number {
    return ipHeaderLength(address);
  }

  send(packet: Buffer, to: PeerAddress): void {
    if (this.closed) return;
    this.capture?.sent(packet, to);
    this.socket.send(packet, 0, packet.length, to.address, (err) => {
      if (err) this.errors.push(err);
    });
  }

  bind(port: number, receiver: PacketReceiver): void {
    this.demux.bind(port, receiver);
  }

  unbind(port: number): void {
    this.demux.unbind(port);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.capture?.settled();
    this.closed = true;
    this.socket.close();
  }

  /** Resolves when every packet so far is in the capture. */
  async settled(): Promise<void> {
    await this.capture?.settled();
  }
}
