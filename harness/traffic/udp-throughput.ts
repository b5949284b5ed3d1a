import { performance } from 'node:perf_hooks';
import { BatchUdpSocket, rxLength, rxOffset } from '../net/udp-socket/index.ts';
import { ReceiveWindow } from './receive-window.ts';

/**
 * The harness's own UDP throughput meter, on the batched socket (recvmmsg/sendmmsg). "Mbit/s" is
 * UDP payload octets × 8 / seconds / 10^6 (as iperf3 counts UDP), received, measured at the
 * receiver over its window (receive-window.ts). Each datagram's first 4 payload octets are its
 * sequence number, so loss inside the window is known without comparing the two ends' clocks.
 */
export const SEQUENCE_OCTETS = 4;
/**
 * SO_RCVBUF / SO_SNDBUF the meter asks for (the kernel caps them at net.core.rmem_max/wmem_max).
 * A reference tool compared with it should get the same (iperf3 `-w`), or the comparison measures
 * whose socket buffer rides out a scheduling delay of the receiver, not the path.
 */
export const UDP_SOCKET_BUFFER = 4 << 20;

export interface UdpThroughput {
  /** Received payload rate. */
  mbps: number;
  pps: number;
  packets: number;
  bytes: number;
  seconds: number;
  /** Datagrams sent inside the window (by sequence number) that did not arrive. */
  lost: number;
  lossPercent: number;
  idleAtEndMs: number;
}

/** The receiving end: counts datagrams in place in the receive slab, no allocation per packet. */
export class UdpCounter {
  private socket?: BatchUdpSocket;
  private readonly window: ReceiveWindow;

  constructor(warmupMs: number, durationMs: number) {
    this.window = new ReceiveWindow(warmupMs, durationMs);
  }

  listen(address: string, port = 0): number {
    const w = this.window;
    this.socket = BatchUdpSocket.bindRaw({ address, port, recvBufferSize: UDP_SOCKET_BUFFER }, (rx, meta, count) => {
      let bytes = 0;
      let highest = w.mark;
      for (let i = 0; i < count; i++) {
        const len = rxLength(meta, i);
        bytes += len;
        if (len >= SEQUENCE_OCTETS) {
          const seq = rx.readUInt32BE(rxOffset(meta, i));
          if (seq > highest) highest = seq;
        }
      }
      w.mark = highest;
      w.count(bytes, count);
    });
    return this.socket.address().port;
  }

  async result(): Promise<UdpThroughput> {
    const r = await this.window.done;
    const expected = r.markAtEnd - r.markAtStart;
    const lost = Math.max(0, expected - r.packets);
    return {
      mbps: r.seconds > 0 ? (r.bytes * 8) / r.seconds / 1e6 : 0,
      pps: r.seconds > 0 ? r.packets / r.seconds : 0,
      packets: r.packets,
      bytes: r.bytes,
      seconds: r.seconds,
      lost,
      lossPercent: expected > 0 ? (lost / expected) * 100 : 0,
      idleAtEndMs: r.idleAtEndMs,
    };
  }

  async close(): Promise<void> {
    await this.socket?.close();
  }
}

export interface UdpSendOptions {
  /** Sends only: it is connected to `to` (a connected UDP socket receives from that peer alone). */
  socket: BatchUdpSocket;
  to: { address: string; port: number };
  /** UDP payload octets per datagram (≥ 4). */
  payloadLength: number;
  /** Offered payload rate; 0 = as fast as the socket takes datagrams. */
  offeredMbps: number;
  durationMs: number;
  /** Datagrams per sendmmsg at most (256, the native flush chunk). */
  batch?: number;
}

export interface UdpSendResult {
  sent: number;
  seconds: number;
  /** Payload rate actually handed to the kernel. */
  sentMbps: number;
  /** Times the kernel's send buffer was full and the sender waited. */
  waits: number;
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));
const pause = () => new Promise<void>((r) => setTimeout(r, 1));

/**
 * The sending end: datagrams written in place into the socket's send slab (only the sequence
 * number changes), one sendmmsg per batch. At an offered rate the batch is what the clock allows
 * since the start, so the rate holds on average; when the kernel's send buffer is full it waits
 * a millisecond rather than spin.
 */
export async function sendUdpStream(o: UdpSendOptions): Promise<UdpSendResult> {
  if (o.payloadLength < SEQUENCE_OCTETS)
    throw new Error(`UDP payload of ${o.payloadLength} octets has no room for the sequence number`);
  const batch = o.batch ?? 256;
  const len = o.payloadLength;
  const ratePps = (o.offeredMbps * 1e6) / 8 / len;
  const peer = o.socket.peer(o.to.address, o.to.port);
  if (peer < 0) throw new Error('the UDP sender socket has no room for its peer');
  // One peer only: a connected socket, so the kernel's per-datagram cost is the reference tool's.
  o.socket.connect(peer);
  const slab = o.socket.sendSlab;
  const start = performance.now();
  const end = start + o.durationMs;
  let seq = 0;
  let waits = 0;
  for (let now = start; now < end; now = performance.now()) {
    let n = batch;
    if (ratePps > 0) {
      n = Math.min(batch, Math.floor(((now - start) * ratePps) / 1000) - seq);
      if (n <= 0) {
        await pause();
        continue;
      }
    }
    for (let k = 0; k < n; k++) {
      const at = o.socket.reserve(len);
      if (at < 0) break;
      slab.writeUInt32BE(seq >>> 0, at);
      o.socket.commit(at, len, peer);
      seq++;
    }
    if (o.socket.flush() > 0) {
      waits++;
      await pause();
    } else await yieldToLoop();
  }
  for (let tries = 0; o.socket.flush() > 0 && tries < 1000; tries++) await pause();
  const seconds = (performance.now() - start) / 1000;
  return { sent: seq, seconds, sentMbps: (seq * len * 8) / seconds / 1e6, waits };
}
