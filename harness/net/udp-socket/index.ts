/** UDP sockets that batch their system calls (recvmmsg/sendmmsg), with Node's dgram as fallback. */
export {
  BatchUdpSocket,
  RX_OFFSET,
  RX_PORT,
  RX_STRIDE,
  rxLength,
  rxOffset,
  type Remote,
  type BatchSocketOptions,
  type RawBatchHandler,
} from './batch-socket.ts';
export { loadNative, nativeLoadError } from './native.ts';
export { openUdpSocket, type UdpSocketLike } from './open.ts';
