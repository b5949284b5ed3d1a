import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/**
 * Socket buffers of 4 MiB (the kernel caps them at net.core.rmem_max/wmem_max): at thousands of
 * messages a second the default ~200 KiB holds under two hundred datagrams, and UDP drops the rest.
 */
const RECV_BUFFER = 4 * 1024 * 1024;

/**
 * A stand-in's UDP listener. Binds to the given address (port 0 = chosen by the kernel, as the
 * in-process lab does) and hands every datagram to one handler; a handler that throws is caught
 * and reported through `onError` so one bad packet from a peer never stops the element.
 */
export class UdpServer {
  private socket?: Socket;

  constructor(
    private readonly handler: (msg: Buffer, from: RemoteInfo, server: UdpServer) => void,
    private readonly onError: (err: unknown, from: RemoteInfo) => void = () => {},
  ) {}

  async listen(address: string, port: number): Promise<{ address: string; port: number }> {
    const socket = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4', ipv6Only: address.includes(':'), recvBufferSize: RECV_BUFFER });
    this.socket = socket;
    socket.on('message', (msg, from) => {
      try {
        this.handler(msg, from, this);
      } catch (err) {
        this.onError(err, from);
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => {});
    const a = socket.address();
    return { address: a.address, port: a.port };
  }

  send(data: Buffer, to: { address: string; port: number }): void {
    this.socket?.send(data, to.port, to.address);
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
