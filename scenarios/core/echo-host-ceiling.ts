import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchUdpSocket, rxLength } from '../../harness/net/udp-socket/index.ts';
import { sendUdpStream } from '../../harness/traffic/index.ts';

/**
 * The internet host's UDP echo (RFC 862) alone, straight from the harness, no gateway in between:
 * one trial at the search's highest rate. If every datagram came back at that rate the echo keeps
 * up with anything the search will try; if not, the rate at which echoes came back is the most any
 * search through the gateway to this echo can show. If every datagram came back but the harness
 * could not offer the rate (a busy machine), the ceiling is only known to be at least the rate
 * offered (`atLeast`). A user-plane scenario that sends its packets
 * through the gateway to this echo and back measures the lesser of the two, so it measures the
 * echo first and never blames the gateway for the echo's limit. One trial, not a search of its
 * own: a suite gives the whole scenario 30 s. Only where the harness reaches the host directly (a
 * docker lab's SGi network is on a bridge of this machine); elsewhere the ceiling is unknown.
 */
export type EchoCeiling =
  | {
      kind: 'measured';
      ceilingPps: number;
      /**
       * Every datagram came back, but the harness offered under 95 % of the rate (a busy machine):
       * the echo's ceiling is at least `ceilingPps` (the rate offered), unknown above it.
       */
      atLeast: boolean;
      offeredPps: number;
      sent: number;
      received: number;
    }
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
  ratePps: number;
  signal?: AbortSignal;
}): Promise<EchoCeiling> {
  const why = await answers(o.host, o.port);
  if (why) return { kind: 'unreachable', why };
  let received = 0;
  const socket = BatchUdpSocket.bindRaw({ address: '::', port: 0, recvBufferSize: 4 << 20 }, (_rx, meta, count) => {
    for (let i = 0; i < count; i++) if (rxLength(meta, i) === o.payloadLength) received++;
  });
  try {
    const sent = await sendUdpStream({
      socket,
      to: { address: o.host, port: o.port },
      payloadLength: o.payloadLength,
      offeredMbps: (o.ratePps * o.payloadLength * 8) / 1e6,
      durationMs: o.trialMs,
    });
    await sleep(DRAIN_MS, undefined, { signal: o.signal }).catch(() => {});
    const offeredPps = sent.sent / sent.seconds;
    const all = received >= sent.sent;
    const atLeast = all && offeredPps < 0.95 * o.ratePps;
    const ceilingPps = !all ? Math.floor(received / sent.seconds) : atLeast ? Math.floor(offeredPps) : o.ratePps;
    return { kind: 'measured', ceilingPps, atLeast, offeredPps, sent: sent.sent, received };
  } finally {
    await socket.close();
  }
}
