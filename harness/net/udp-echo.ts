import { BatchUdpSocket } from './udp-socket/index.ts';

/**
 * The echo service of RFC 862 §3 over UDP (each datagram sent back to its source) on the batched
 * socket: the datagrams of one readable event are read with one recvmmsg(2) and their echoes
 * leave with one sendmmsg(2). A lab's internet hosts run it instead of `socat UDP-RECVFROM,fork`,
 * which forks a process per datagram and so tops out at a few thousand datagrams a second: a
 * user-plane scenario through a gateway must measure the gateway, not the echo host behind it.
 */
export interface UdpEcho {
  port: number;
  /** Datagrams echoed so far. */
  readonly echoed: number;
  close(): Promise<void>;
}

const BUFFER = 4 << 20;

export function startUdpEcho(address: string, port: number): UdpEcho {
  let echoed = 0;
  const socket = BatchUdpSocket.bind({ address, port, recvBufferSize: BUFFER, sendBufferSize: BUFFER }, (msg, from) => {
    echoed++;
    socket.send(msg, from.port, from.address);
  });
  return {
    port: socket.address().port,
    get echoed() {
      return echoed;
    },
    close: () => socket.close(),
  };
}
