import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchUdpSocket, rxLength } from '../../harness/net/udp-socket/index.ts';
import { searchThroughput, sendUdpStream, type SearchResult } from '../../harness/traffic/index.ts';

/**
 * The internet host's UDP echo (RFC 862) alone, straight from the harness, no gateway in between:
 * the zero-loss rate it answers (the same RFC 2544 search as through the gateway). A user-plane
 * scenario that sends its packets through the gateway to this echo and back measures the lesser
 * of the two, so it measures the echo first and never blames the gateway for the echo's limit.
 * Only where the harness reaches the host directly (a docker lab's SGi network is on a bridge of
 * this machine); elsewhere the ceiling is unknown and said so.
 */
export type EchoCeiling =
  | { kind: 'measured'; ceilingPps: number; search: SearchResult }
  | { kind: 'unreachable'; why: string };

const PROBE_MS = 1000;
const DRAIN_MS = 300;

/** Whether the echo answers a datagram from this host within PROBE_MS (three tries). */
async function answers(host: string, port: number): Promise<string | undefined> {
  const s = createSocket('udp6');
  try {
    s.on('error', () => {});
    await new Promise<void>((r) => s.bind(0, '::', () => r()));
    const answered = once(s, 'message').then(() => true);
    for (let i = 0; i < 3; i++) {
      s.send(Buffer.from('v6harness echo probe'), port, host);
      if (await Promise.race([answered, sleep(PROBE_MS / 3).then(() => false)])) return undefined;
    }
    return `no answer from [${host}]:${port} within ${PROBE_MS} ms`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    s.close();
  }
}

export async function echoHostCeiling(o: {
  host: string;
  port: number;
  /** UDP payload octets per datagram (≥ 4: a sequence number leads). */
  payloadLength: number;
  trialMs: number;
  minPps: number;
  maxPps: number;
  signal?: AbortSignal;
}): Promise<EchoCeiling> {
  const why = await answers(o.host, o.port);
  if (why) return { kind: 'unreachable', why };
  let received = 0;
  const socket = BatchUdpSocket.bindRaw({ address: '::', port: 0, recvBufferSize: 4 << 20 }, (_rx, meta, count) => {
    for (let i = 0; i < count; i++) if (rxLength(meta, i) === o.payloadLength) received++;
  });
  try {
    const search = await searchThroughput({
      minPps: o.minPps,
      maxPps: o.maxPps,
      // A bound for the search through the gateway, not a result of its own: 10 % is close enough
      // and takes half the trials of the default 2 %.
      resolution: 0.1,
      signal: o.signal,
      trial: async (ratePps) => {
        received = 0;
        const sent = await sendUdpStream({
          socket,
          to: { address: o.host, port: o.port },
          payloadLength: o.payloadLength,
          offeredMbps: (ratePps * o.payloadLength * 8) / 1e6,
          durationMs: o.trialMs,
        });
        await sleep(DRAIN_MS, undefined, { signal: o.signal }).catch(() => {});
        return { sent: sent.sent, received, offeredPps: sent.sent / sent.seconds };
      },
    });
    return { kind: 'measured', ceilingPps: search.throughputPps, search };
  } finally {
    await socket.close();
  }
}
