import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GpduView } from '../protocol/gtpu/index.ts';
import { type BatchUdpSocket, rxLength, rxOffset } from '../net/udp-socket/index.ts';
import { percentiles } from './percentile.ts';
import {
  flowTemplate,
  readStreamPacket,
  writeStreamPacket,
  type GtpuFlow,
  type StreamPacketView,
} from './gtpu-stream.ts';

export interface ControlLoopOptions {
  socket: BatchUdpSocket;
  /** The GTP-U peer the flows' G-PDUs go to; answers come back to `socket`. */
  to: { address: string; port: number };
  /** One flow per device (its own TEID). */
  flows: GtpuFlow[];
  /** Inner IP packet length: control messages are small (e.g. 80 octets). */
  innerLength: number;
  /** The loop's period: every flow sends one packet per interval. */
  intervalMs: number;
  durationMs: number;
  /** Width of one point of the time series (default 1 s). */
  bucketMs?: number;
  /** How long to wait for the last answers (default 1 s). */
  drainMs?: number;
  signal?: AbortSignal;
}

export interface ControlLoopBucket {
  /** Seconds from the loop's start to the bucket's start. */
  t: number;
  sent: number;
  received: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Mean |IPDV| between consecutive packets of a flow (RFC 5481 §4.1), ms. */
  ipdvMs: number;
}

export interface ControlLoopResult {
  sent: number;
  received: number;
  duplicates: number;
  /** Answers that were not a G-PDU carrying a test packet of this loop. */
  malformed: number;
  roundTripMs: { p50: number; p95: number; p99: number; max: number };
  /** Interarrival jitter (RFC 3550 §6.4.1 estimator, J += (|D| − J)/16), mean over flows, ms. */
  jitterMs: number;
  buckets: ControlLoopBucket[];
}

/**
 * An IoT control loop over GTP-U (IOT-QOS: a robot's controller polling its devices): every flow
 * sends one small packet per period for the whole duration, and the answer (an echo through the
 * element under test) is timed. Every packet's round trip is kept — flows × periods values in one
 * typed array, NaN while unanswered — so the result is exact and can be cut into a time series:
 * loss, delay percentiles and IPDV per bucket, the view that shows a stall a whole-run percentile
 * would average away.
 */
export class ControlLoop {
  private readonly ticks: number;
  private readonly rtt: Float64Array;
  private readonly view: GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: -1 };
  private readonly packet: StreamPacketView = { flow: 0, seq: 0, sentAtMs: 0 };
  private sentTicks = 0;
  private duplicates = 0;
  private malformed = 0;

  constructor(private readonly o: ControlLoopOptions) {
    this.ticks = Math.max(1, Math.floor(o.durationMs / o.intervalMs));
    if (o.flows.length * this.ticks > 50_000_000)
      throw new Error(
        `control loop of ${o.flows.length} flows × ${this.ticks} periods is too long to keep every round trip`,
      );
    this.rtt = new Float64Array(o.flows.length * this.ticks).fill(NaN);
  }

  /** The receive side: pass as the batched socket's raw callback. */
  receiveBatch(rx: Buffer, meta: Int32Array, count: number): void {
    const now = performance.timeOrigin + performance.now();
    for (let i = 0; i < count; i++) {
      if (!readStreamPacket(rx, rxOffset(meta, i), rxLength(meta, i), this.view, this.packet)) {
        this.malformed++;
        continue;
      }
      const { flow, seq } = this.packet;
      if (flow >= this.o.flows.length || seq >= this.ticks) {
        this.malformed++;
        continue;
      }
      const k = flow * this.ticks + seq;
      if (!Number.isNaN(this.rtt[k])) this.duplicates++;
      else this.rtt[k] = now - this.packet.sentAtMs;
    }
  }

  async run(): Promise<ControlLoopResult> {
    const o = this.o;
    const templates = o.flows.map((f) => flowTemplate(f, o.innerLength));
    const len = templates[0]?.packet.length ?? 0;
    if (!len) throw new Error('no flows to send');
    const peer = o.socket.peer(o.to.address, o.to.port);
    if (peer < 0) throw new Error('the control-loop socket has no room for its peer');
    const start = performance.now();
    for (let k = 0; k < this.ticks && !o.signal?.aborted; k++) {
      const due = start + k * o.intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal: o.signal }).catch(() => {});
      if (o.signal?.aborted) break;
      const sentAt = performance.timeOrigin + performance.now();
      for (let f = 0; f < templates.length; f++) {
        const at = o.socket.reserve(len);
        if (at < 0) break;
        writeStreamPacket(o.socket.sendSlab, at, templates[f], f, k, sentAt);
        o.socket.commit(at, len, peer);
      }
      o.socket.flush();
      this.sentTicks = k + 1;
    }
    await sleep(o.drainMs ?? 1000, undefined, { signal: o.signal }).catch(() => {});
    return this.result();
  }

  private result(): ControlLoopResult {
    const o = this.o;
    const flows = o.flows.length;
    const ticks = this.sentTicks;
    const all: number[] = [];
    let jitterSum = 0;
    for (let f = 0; f < flows; f++) {
      let j = 0;
      let prev = NaN;
      for (let k = 0; k < ticks; k++) {
        const d = this.rtt[f * this.ticks + k];
        if (Number.isNaN(d)) continue;
        all.push(d);
        if (!Number.isNaN(prev)) j += (Math.abs(d - prev) - j) / 16;
        prev = d;
      }
      jitterSum += j;
    }
    const perBucket = Math.max(1, Math.round((o.bucketMs ?? 1000) / o.intervalMs));
    const buckets: ControlLoopBucket[] = [];
    for (let b = 0; b * perBucket < ticks; b++) {
      const from = b * perBucket;
      const to = Math.min(ticks, from + perBucket);
      const values: number[] = [];
      let ipdv = 0;
      let ipdvN = 0;
      for (let f = 0; f < flows; f++) {
        for (let k = from; k < to; k++) {
          const d = this.rtt[f * this.ticks + k];
          if (Number.isNaN(d)) continue;
          values.push(d);
          const before = k > from ? this.rtt[f * this.ticks + k - 1] : NaN;
          if (!Number.isNaN(before)) {
            ipdv += Math.abs(d - before);
            ipdvN++;
          }
        }
      }
      const q = percentiles(values);
      buckets.push({
        t: (from * o.intervalMs) / 1000,
        sent: (to - from) * flows,
        received: values.length,
        p50Ms: q(50),
        p99Ms: q(99),
        maxMs: q(100),
        ipdvMs: ipdvN ? ipdv / ipdvN : 0,
      });
    }
    const q = percentiles(all);
    return {
      sent: ticks * flows,
      received: all.length,
      duplicates: this.duplicates,
      malformed: this.malformed,
      roundTripMs: { p50: q(50), p95: q(95), p99: q(99), max: q(100) },
      jitterMs: flows ? jitterSum / flows : 0,
      buckets,
    };
  }
}
