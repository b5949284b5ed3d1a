import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import type { GpduView } from '../protocol/gtpu/index.ts';
import { BatchUdpSocket, rxLength, rxOffset } from '../net/udp-socket/index.ts';
import { readStreamPacket, type StreamPacketView } from './gtpu-stream.ts';

export interface GtpuSinkReport {
  received: number;
  /** Datagrams that were not a G-PDU carrying a stream packet (counted, never thrown). */
  malformed: number;
  /** Packets whose sequence number was below the highest already seen in their flow. */
  reordered: number;
  receivedPerFlow: number[];
  seconds: number;
  pps: number;
  /** One-way delay (send time in the packet to arrival), ms. */
  latencyMs: { min: number; p50: number; p95: number; p99: number; max: number };
  /** PDV per RFC 5481 §4.2 (delay minus the minimum delay), ms. */
  pdvMs: { p50: number; p99: number };
  /** Mean absolute IPDV between consecutive packets of a flow (RFC 5481 §4.1), ms. */
  ipdvMeanMs: number;
}

/**
 * The far end of a GTP-U load stream (gtpu-stream.ts): counts packets per flow, sequence gaps
 * and reordering, and one-way delay into an HDR histogram (µs). It reads the datagrams in place
 * in the receive slab of a batched socket: nothing is allocated per packet.
 */
export class GtpuSink {
  private socket?: BatchUdpSocket;
  private readonly view: GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: -1 };
  private readonly packet: StreamPacketView = { flow: 0, seq: 0, sentAtMs: 0 };
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  private received = 0;
  private malformed = 0;
  private reordered = 0;
  private perFlow = new Uint32Array(16);
  private maxSeq = new Float64Array(16).fill(-1);
  private lastDelay = new Float64Array(16).fill(-1);
  private ipdvSum = 0;
  private ipdvCount = 0;
  private first = 0;
  private last = 0;

  /** Binds address:port (0 = any free port) and returns the port. */
  listen(address: string, port = 0): number {
    this.socket = BatchUdpSocket.bindRaw({ address, port, recvBufferSize: 4 << 20 }, (rx, meta, count) =>
      this.receiveBatch(rx, meta, count),
    );
    // Trains of G-PDUs from one sender arrive in one receive where the kernel coalesces them
    // (UDP GRO; each is still counted on its own): the sink keeps up with a GSO generator.
    this.socket.setGro(true);
    return this.socket.address().port;
  }

  private grow(flow: number): void {
    const size = Math.max(flow + 1, this.perFlow.length * 2);
    const perFlow = new Uint32Array(size);
    perFlow.set(this.perFlow);
    const maxSeq = new Float64Array(size).fill(-1);
    maxSeq.set(this.maxSeq);
    const lastDelay = new Float64Array(size).fill(-1);
    lastDelay.set(this.lastDelay);
    this.perFlow = perFlow;
    this.maxSeq = maxSeq;
    this.lastDelay = lastDelay;
  }

  /**
   * Counts a batch of datagrams from a batched socket's receive slab. listen() binds its own
   * socket; a caller that both sends and receives on one socket (a round trip through an element
   * that answers to the sending port) passes this as that socket's receive callback.
   */
  receiveBatch(rx: Buffer, meta: Int32Array, count: number): void {
    const now = performance.timeOrigin + performance.now();
    if (!this.first) this.first = now;
    this.last = now;
    const v = this.view;
    for (let i = 0; i < count; i++) {
      const at = rxOffset(meta, i);
      const len = rxLength(meta, i);
      if (!readStreamPacket(rx, at, len, v, this.packet)) {
        this.malformed++;
        continue;
      }
      const { flow, seq } = this.packet;
      const delay = now - this.packet.sentAtMs;
      if (flow > 1_000_000) {
        this.malformed++;
        continue;
      }
      if (flow >= this.perFlow.length) this.grow(flow);
      this.received++;
      this.perFlow[flow]++;
      if (seq < this.maxSeq[flow]) this.reordered++;
      else this.maxSeq[flow] = seq;
      const us = Math.max(1, Math.round(delay * 1000));
      this.histogram.recordValue(us);
      const prev = this.lastDelay[flow];
      if (prev >= 0) {
        this.ipdvSum += Math.abs(delay - prev);
        this.ipdvCount++;
      }
      this.lastDelay[flow] = delay;
    }
  }

  /** Starts counting afresh (one trial of a throughput search), keeping the socket. */
  reset(): void {
    this.histogram.reset();
    this.received = this.malformed = this.reordered = 0;
    this.perFlow.fill(0);
    this.maxSeq.fill(-1);
    this.lastDelay.fill(-1);
    this.ipdvSum = this.ipdvCount = 0;
    this.first = this.last = 0;
  }

  report(): GtpuSinkReport {
    const h = this.histogram;
    const ms = (us: number) => us / 1000;
    const seconds = this.received > 1 ? (this.last - this.first) / 1000 : 0;
    const min = this.received ? h.minNonZeroValue : 0;
    return {
      received: this.received,
      malformed: this.malformed,
      reordered: this.reordered,
      receivedPerFlow: [...this.perFlow.subarray(0, this.flowsSeen())],
      seconds,
      pps: seconds > 0 ? this.received / seconds : 0,
      latencyMs: {
        min: ms(min),
        p50: ms(h.getValueAtPercentile(50)),
        p95: ms(h.getValueAtPercentile(95)),
        p99: ms(h.getValueAtPercentile(99)),
        max: ms(h.maxValue),
      },
      pdvMs: { p50: ms(h.getValueAtPercentile(50) - min), p99: ms(h.getValueAtPercentile(99) - min) },
      ipdvMeanMs: this.ipdvCount ? this.ipdvSum / this.ipdvCount : 0,
    };
  }

  private flowsSeen(): number {
    let n = this.maxSeq.length;
    while (n > 0 && this.maxSeq[n - 1] < 0) n--;
    return n;
  }

  async close(): Promise<void> {
    await this.socket?.close();
    this.socket = undefined;
  }
}
