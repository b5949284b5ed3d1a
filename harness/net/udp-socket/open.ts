import { createSocket } from 'node:dgram';
import { BatchUdpSocket, type BatchSocketOptions, type Remote } from './batch-socket.ts';
import { loadNative } from './native.ts';

/** What elements and drivers need of a UDP socket, whichever implementation is underneath. */
export interface UdpSocketLike {
  address(): { address: string; port: number };
  send(data: Uint8Array, port: number, address: string): void;
  close(): Promise<void>;
  /** 'mmsg' (batched system calls) or 'dgram' (Node's, one call per datagram). */
  readonly kind: 'mmsg' | 'dgram';
}

/**
 * Binds a UDP socket on options.address:options.port (IPv6-only for an IPv6 address). The batched
 * socket is used when its addon is built and V6HARNESS_UDP is not `dgram`; otherwise Node's dgram,
 * which behaves the same apart from speed. Bind errors reject with dgram's codes (EADDRINUSE...).
 */
export async function openUdpSocket(
  options: BatchSocketOptions,
  onMessage: (msg: Buffer, from: Remote) => void,
): Promise<UdpSocketLike> {
  if (loadNative()) return BatchUdpSocket.bind(options, onMessage);
  const v6 = options.address.includes(':');
  const socket = createSocket({
    type: v6 ? 'udp6' : 'udp4',
    ipv6Only: v6,
    recvBufferSize: options.recvBufferSize,
    sendBufferSize: options.sendBufferSize,
  });
  socket.on('message', (msg, rinfo) => onMessage(msg, rinfo as Remote));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => {});
  let closed = false;
  return {
    kind: 'dgram',
    address: () => {
      const a = socket.address();
      return { address: a.address, port: a.port };
    },
    send: (data, port, address) => {
      if (!closed) socket.send(data, port, address);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        socket.close(() => resolve());
      }),
  };
}
