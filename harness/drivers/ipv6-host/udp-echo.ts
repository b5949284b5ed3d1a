import type { PacketRecorder } from '../../net/pcap/index.ts';
import { UdpPeer } from '../common/udp-peer.ts';

/**
 * A UDP Echo (RFC 862) exchange from the harness host: the payload must come back unchanged from
 * the address and port it was sent to (a translator must not change either on the way back).
 */
export type UdpEchoOutcome =
  | { kind: 'reply'; from: string; fromPort: number; rttMs: number; attempts: number; dataEqual: boolean }
  | { kind: 'timeout'; attempts: number };

export async function udpEcho(
  dst: string,
  port: number,
  recorder: PacketRecorder,
  signal: AbortSignal,
  opts: { attempts?: number; timeoutMs?: number; size?: number } = {},
): Promise<UdpEchoOutcome> {
  const peer = new UdpPeer({ address: dst, port }, recorder);
  await peer.open();
  const payload = Buffer.alloc(opts.size ?? 64);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + 3) & 0xff;
  const attempts = opts.attempts ?? 3;
  try {
    return await new Promise<UdpEchoOutcome>((resolve) => {
      let sent = 0;
      let sentAt = 0;
      let timer: NodeJS.Timeout | undefined;
      const done = (o: UdpEchoOutcome) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(o);
      };
      const onAbort = () => done({ kind: 'timeout', attempts: sent });
      signal.addEventListener('abort', onAbort, { once: true });
      peer.onMessage((msg, from) =>
        done({
          kind: 'reply',
          from: from.address,
          fromPort: from.port,
          rttMs: performance.now() - sentAt,
          attempts: sent,
          dataEqual: msg.equals(payload),
        }),
      );
      const send = () => {
        if (sent >= attempts) return done({ kind: 'timeout', attempts: sent });
        sent++;
        sentAt = performance.now();
        peer.send(payload);
        timer = setTimeout(send, opts.timeoutMs ?? 1000);
      };
      send();
    });
  } finally {
    await peer.close();
  }
}
