import { createSocket } from 'node:dgram';
import * as hdr from 'hdr-histogram-js';

/**
 * Round-trip latency percentiles from a train of UDP echo requests (RFC 862), one in flight at a
 * time, into an HDR histogram (microsecond resolution). Lost probes are counted, not guessed.
 */
export interface LatencyResult {
  sent: number;
  received: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function udpLatency(
  address: string,
  port: number,
  count: number,
  signal: AbortSignal,
  timeoutMs = 500,
): Promise<LatencyResult> {
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => socket.bind(0, () => resolve()));
  let received = 0;
  try {
    for (let i = 0; i < count && !signal.aborted; i++) {
      const probe = Buffer.alloc(64);
      probe.writeUInt32BE(i, 0);
      const started = process.hrtime.bigint();
      const ok = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => {
          socket.off('message', on);
          resolve(false);
        }, timeoutMs);
        const on = (m: Buffer) => {
          if (m.length < 4 || m.readUInt32BE(0) !== i) return;
          clearTimeout(t);
          socket.off('message', on);
          resolve(true);
        };
        socket.on('message', on);
        socket.send(probe, port, address);
      });
      if (ok) {
        received++;
        histogram.recordValue(Number((process.hrtime.bigint() - started) / 1000n));
      }
    }
  } finally {
    socket.close();
  }
  const ms = (us: number) => us / 1000;
  return {
    sent: count,
    received,
    p50Ms: ms(histogram.getValueAtPercentile(50)),
    p90Ms: ms(histogram.getValueAtPercentile(90)),
    p99Ms: ms(histogram.getValueAtPercentile(99)),
    maxMs: ms(histogram.maxValue),
  };
}
