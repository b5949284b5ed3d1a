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
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

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
  const slab = o.socket.sendSlab;
  const len = templates[0]?.packet.length ?? 0;
  if (!len) throw new Error('no flows to send');
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
      n = Math.min(batch, due);
    }
    const sentAt = origin + now;
    let k = 0;
    for (; k < n; k++) {
      const at = o.socket.reserve(len);
      if (at < 0) break;
      writeStreamPacket(slab, at, templates[flow], flow, seq[flow]++, sentAt);
      o.socket.commit(at, len, peer);
      if (++flow === templates.length) flow = 0;
    }
    sent += k;
    o.socket.flush();
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
  };
}
