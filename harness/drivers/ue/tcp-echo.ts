import { TcpClient, type IpHost } from './tcp-client.ts';

export type TcpEchoOutcome =
  /** Connected, the data came back whole, and both sides closed (RFC 9293 §3.6) unless `closed` is false. */
  | { kind: 'echoed'; connectMs: number; rttMs: number; data: Buffer; closed: boolean; badChecksums: number }
  /** The SYN was answered with RST: nothing listens there (RFC 9293 §3.10.7.1). */
  | { kind: 'refused'; connectMs: number }
  /** RST after the connection was established. */
  | { kind: 'reset'; stage: 'data' | 'close' }
  /** Nothing (or not enough) came back in time; `stage` is where it stopped. */
  | { kind: 'timeout'; stage: 'connect' | 'data'; received?: Buffer; badChecksums: number };

/**
 * One whole exchange with an echo service (RFC 862) on the UE's own TCP (tcp-client.ts), over
 * IPv6 or IPv4 (the family of `dst`): handshake, one data segment echoed, FIN both ways, all
 * within `timeoutMs`.
 */
export async function tcpEcho(
  host: IpHost,
  dst: string,
  port: number,
  data: Buffer,
  timeoutMs = 2000,
  signal?: AbortSignal,
): Promise<TcpEchoOutcome> {
  const deadline = performance.now() + timeoutMs;
  const tcp = new TcpClient(host, dst, port);
  try {
    const c = await tcp.connect(deadline, signal);
    if (c.kind === 'refused') return c;
    if (c.kind === 'timeout') return { kind: 'timeout', stage: 'connect', badChecksums: tcp.badChecksums };
    const x = await tcp.exchange(data, deadline, signal);
    if (x.kind === 'reset') return { kind: 'reset', stage: 'data' };
    if (x.kind === 'timeout')
      return { kind: 'timeout', stage: 'data', received: x.received, badChecksums: tcp.badChecksums };
    const closed = await tcp.close(deadline, signal);
    if (closed === 'reset') return { kind: 'reset', stage: 'close' };
    return {
      kind: 'echoed',
      connectMs: c.connectMs,
      rttMs: x.rttMs,
      data: x.data,
      closed: closed === 'closed',
      badChecksums: tcp.badChecksums,
    };
  } finally {
    tcp.release();
  }
}
