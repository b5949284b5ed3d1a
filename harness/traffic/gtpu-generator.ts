import { performance } from 'node:perf_hooks';
import type { BatchUdpSocket } from '../net/udp-socket/index.ts';
import { flowTemplate, writeStreamPacket, type GtpuFlow } from './gtpu-stream.ts';

export interface GtpuGeneratorOptions {
  /** A batched UDP socket (net/udp-socket): packets are written into its send slab in place. */
  socket: BatchUdpSocket;
  /** The GTP-U peer: an S1-U/S5-U/Gn-U/N3 endpoint (port 2152 on a real element). */
  to: { address: string; port: number };
  /** One flow per UE bearer (its own TEID); packets go round-robin over the flows. */
  flows: GtpuFlow[];
  /** Inner IP packet length in octets (RFC 2544 §9 sizes: 64, 128, 256, 512, 1024, 1280, 1500). */
  innerLength: number;
  /** Packets per second offered; 0 = as fast as the socket takes them. */
  ratePps: number;
  durationMs: number;
  /**
   * The socket only sends, to `to`: connect it (BatchUdpSocket.connect), which saves the kernel a
   * route lookup per packet. Not for a socket that also takes the downlink, which may come from
   * another address than `to` (a connected socket hears its peer alone).
   */
  connect?: boolean;
  /**
   * UDP GSO (BatchUdpSocket.setGso): the packets of a batch, all of one length to one peer, leave
   * as messages of up to 64 that the kernel segments; the element still receives one datagram per
   * G-PDU. Off where the kernel lacks UDP_SEGMENT.
   */
  gso?: boolean;
  /** Packets written per sendmmsg. */
  batch?: number;
  signal?: AbortSignal;
}

export interface GtpuGeneratorResult {
  sent: number;
  /** Per flow, how many packets were sent (the sink's loss is sent − received). */
  sentPerFlow: number[];
  seconds: number;
  pps: number;
  /** Offered bit rate counted on the inner packets (what the element is asked to carry). */
  innerMbps: number;
  /** Whether the batches left as UDP GSO messages (asked for, and the kernel supports it). */
  gso: boolean;
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));
/** At a constant rate, at most this many batches are sent in one turn to catch up after a stall. */
const CATCH_UP = 16;

/**
 * A GTP-U load generator (issue 8): constant rate or as fast as possible, sequence numbers and
 * send times in every packet, per-flow TEIDs, no allocation per packet. Time is checked once per
 * batch; at a constant rate the batch is sized to what the clock allows, so the offered rate holds
 * on average without a timer per packet. Between batches it yields to the event loop.
 */
export async function generateGtpu(o: GtpuGeneratorOptions): Promise<GtpuGeneratorResult> {
  const batch = o.batch ?? 256;
  const templates = o.flows.map((f) => flowTemplate(f, o.innerLength));
  const seq = new Uint32Array(o.flows.length);
  const peer = o.socket.peer(o.to.address, o.to.port);
  if (peer < 0) throw new Error('the generator socket has no room for its peer');
  if (o.connect) o.socket.connect(peer);
  const gso = o.gso ? o.socket.setGso(true) : false;
  const slab = o.socket.sendSlab;
  const len = templates[0]?.packet.length ?? 0;
  if (!len) throw new Error('no flows to send');
  // One datagram length for all (a GSO run is cut into equal segments): headers of one kind.
  if (templates.some((t) => t.packet.length !== len)) throw new Error('flows with and without a QFI cannot be mixed');
  const origin = performance.timeOrigin;
  const start = performance.now();
  const end = start + o.durationMs;
  let sent = 0;
  let flow = 0;
  for (let now = start; now < end && !o.signal?.aborted; now = performance.now()) {
    let n = batch;
    if (o.ratePps > 0) {
      const due = Math.floor(((now - start) * o.ratePps) / 1000) - sent;
      if (due <= 0) {
        await yieldToLoop();
        continue;
      }
      // After a stall (a busy event loop, a descheduled process) catch up in this turn, batch by
      // batch, up to CATCH_UP batches: the offered rate holds on average.
      n = Math.min(batch * CATCH_UP, due);
    }
    const sentAt = origin + now;
    let k = 0;
    while (k < n) {
      const m = Math.min(batch, n - k);
      let j = 0;
      for (; j < m; j++) {
        const at = o.socket.reserve(len);
        if (at < 0) break;
        writeStreamPacket(slab, at, templates[flow], flow, seq[flow]++, sentAt);
        o.socket.commit(at, len, peer);
        if (++flow === templates.length) flow = 0;
      }
      k += j;
      // Still queued after the flush: the kernel's buffer is full, wait for the next turn.
      if (o.socket.flush() > 0 || j < m) break;
    }
    sent += k;
    await yieldToLoop();
  }
  // What is still queued (the kernel's buffer was full) goes out before the count is final.
  for (let tries = 0; o.socket.flush() > 0 && tries < 1000; tries++) await yieldToLoop();
  const seconds = (performance.now() - start) / 1000;
  return {
    sent,
    sentPerFlow: [...seq],
    seconds,
    pps: sent / seconds,
    innerMbps: (sent * o.innerLength * 8) / seconds / 1e6,
    gso,
  };
}
