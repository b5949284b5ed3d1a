import type { PacketRecorder } from '../../net/pcap/index.ts';
import { openUdpSocket, type Remote, type UdpSocketLike } from '../../net/udp-socket/index.ts';

/**
 * Socket buffers of 4 MiB (the kernel caps them at net.core.rmem_max/wmem_max): at thousands of
 * messages a second the default ~200 KiB holds under two hundred datagrams, and UDP drops the rest.
 */
const RECV_BUFFER = 4 * 1024 * 1024;

/**
 * A stand-in's UDP listener. Binds to the given address (port 0 = chosen by the kernel, as the
 * in-process lab does) and hands every datagram to one handler; a handler that throws is caught
 * and reported through `onError` so one bad packet from a peer never stops the element. The
 * socket batches its system calls (net/udp-socket) so the stand-in is not syscall-bound.
 * With a `recorder`, every datagram in and out goes into it (a leg between two in-process
 * stand-ins that no driver sees).
 */
export class UdpServer {
  private socket?: UdpSocketLike;
  private local?: { address: string; port: number };

  constructor(
    private readonly handler: (msg: Buffer, from: Remote, server: UdpServer) => void,
    private readonly onError: (err: unknown, from: Remote) => void = () => {},
    private readonly recorder?: PacketRecorder,
  ) {}

  async listen(address: string, port: number): Promise<{ address: string; port: number }> {
    this.socket = await openUdpSocket({ address, port, recvBufferSize: RECV_BUFFER }, (msg, from) => {
      if (this.recorder && this.local) this.recorder.udp(from, this.local, msg);
      try {
        this.handler(msg, from, this);
      } catch (err) {
        this.onError(err, from);
      }
    });
    this.local = this.socket.address();
    return this.local;
  }

  send(data: Buffer, to: { address: string; port: number }): void {
    if (this.recorder && this.local) this.recorder.udp(this.local, to, data);
    this.socket?.send(data, to.port, to.address);
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s) await s.close();
  }
}
