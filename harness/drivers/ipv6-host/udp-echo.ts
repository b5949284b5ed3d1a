import type { PacketRecorder } from '../../net/pcap/index.ts';
import { UdpPeer } from '../common/udp-peer.ts';
import { retransmit } from './retransmit.ts';

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
  try {
    const r = await retransmit<{ msg: Buffer; from: { address: string; port: number } }>({
      attempts: opts.attempts ?? 3,
      timeoutMs: opts.timeoutMs ?? 1000,
      signal,
      send: () => peer.send(payload),
      listen: (answer) => peer.onMessage((msg, from) => answer({ msg, from })),
    });
    if (r.kind !== 'answer') return { kind: 'timeout', attempts: r.kind === 'timeout' ? r.attempts : 0 };
    const { msg, from } = r.answer;
    return {
      kind: 'reply',
      from: from.address,
      fromPort: from.port,
      rttMs: r.rttMs,
      attempts: r.attempts,
      dataEqual: msg.equals(payload),
    };
  } finally {
    await peer.close();
  }
}
