import type { PacketRecorder } from '../pcap/index.ts';
import { openUdpSocket, type UdpSocketLike } from '../udp-socket/index.ts';
import { SendQueue, type SendLimit } from './rate-limit.ts';
import { sourceAddressFor } from './source-address.ts';

/**
 * Socket buffers of 4 MiB (the kernel caps them at net.core.rmem_max): at thousands of messages a
 * second the default ~200 KiB holds under two hundred datagrams, and UDP drops the rest.
 */
const RECV_BUFFER = 4 * 1024 * 1024;

export interface Endpoint {
  address: string;
  port: number;
  /** A ceiling on messages sent to this endpoint (the lab sets one for real elements, CLOUD-HARM). */
  sendLimit?: SendLimit;
}

/**
 * A driver's UDP socket toward one element: sends and receives datagrams and records both
 * directions in the scenario's capture with the endpoints' real addresses and ports.
 */
export class UdpPeer {
  private socket?: UdpSocketLike;
  private local?: Endpoint;
  private listener?: (msg: Buffer, from: Endpoint) => void;

  private readonly limiter?: SendQueue;

  constructor(
    readonly remote: Endpoint,
    private readonly recorder: PacketRecorder,
  ) {
    if (remote.sendLimit) this.limiter = new SendQueue(remote.sendLimit);
  }

  /**
   * Binds `port` (default: an ephemeral one) on `localAddress`, or on the address the route to the
   * remote leaves from. A registered port (PFCP 8805) where a real peer sends its own requests there.
   */
  async open(localAddress?: string, port = 0): Promise<Endpoint> {
    const bindTo = localAddress ?? (await sourceAddressFor(this.remote.address));
    // `from` is the socket's own object for that peer (address and port), not a copy per datagram.
    const socket = await openUdpSocket({ address: bindTo, port, recvBufferSize: RECV_BUFFER }, (msg, from) => {
      this.recorder.udp(from, this.local!, msg);
      this.listener?.(msg, from);
    });
    this.socket = socket;
    this.local = socket.address();
    return this.local;
  }

  onMessage(listener: (msg: Buffer, from: Endpoint) => void): void {
    this.listener = listener;
  }

  send(data: Buffer): void {
    if (!this.socket || !this.local) throw new Error('UDP peer is not open');
    if (this.limiter) this.limiter.submit(() => this.sendNow(data));
    else this.sendNow(data);
  }

  private sendNow(data: Buffer, to: Endpoint = this.remote): void {
    if (!this.socket || !this.local) return;
    this.recorder.udp(this.local, to, data);
    this.socket.send(data, to.port, to.address);
  }

  /** Sends to another endpoint than the remote (the answer to a request the element sent from elsewhere). */
  sendTo(data: Buffer, to: Endpoint): void {
    if (!this.socket || !this.local) throw new Error('UDP peer is not open');
    if (this.limiter) this.limiter.submit(() => this.sendNow(data, to));
    else this.sendNow(data, to);
  }

  async close(): Promise<void> {
    this.limiter?.clear();
    const s = this.socket;
    this.socket = undefined;
    if (s) await s.close();
  }
}
