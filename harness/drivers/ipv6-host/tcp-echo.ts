import { connect } from 'node:net';

/**
 * A TCP connection to an echo service (RFC 862 §1) from the harness host: connects, sends
 * `size` octets and waits for all of them back. The outcome names where it stopped.
 */
export type TcpEchoOutcome =
  | { kind: 'echoed'; connectMs: number; bytes: number; dataEqual: boolean; remote: string }
  | { kind: 'refused' | 'reset' | 'unreachable'; message: string }
  | { kind: 'timeout'; stage: 'connect' | 'echo'; bytes: number };

export function tcpEcho(
  dst: string,
  port: number,
  signal: AbortSignal,
  opts: { timeoutMs?: number; size?: number } = {},
): Promise<TcpEchoOutcome> {
  const payload = Buffer.alloc(opts.size ?? 2000);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 13 + 1) & 0xff;
  return new Promise<TcpEchoOutcome>((resolve) => {
    const started = performance.now();
    let connectMs = -1;
    const chunks: Buffer[] = [];
    let received = 0;
    const socket = connect({ host: dst, port, signal });
    const timer = setTimeout(
      () => done({ kind: 'timeout', stage: connectMs < 0 ? 'connect' : 'echo', bytes: received }),
      opts.timeoutMs ?? 3000,
    );
    const done = (o: TcpEchoOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    socket.on('connect', () => {
      connectMs = performance.now() - started;
      socket.write(payload);
    });
    socket.on('data', (d) => {
      chunks.push(d);
      received += d.length;
      if (received >= payload.length)
        done({
          kind: 'echoed',
          connectMs,
          bytes: received,
          dataEqual: Buffer.concat(chunks).subarray(0, payload.length).equals(payload),
          remote: socket.remoteAddress ?? '',
        });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      const kind =
        e.code === 'ECONNREFUSED'
          ? 'refused'
          : e.code === 'ECONNRESET'
            ? 'reset'
            : e.code === 'ABORT_ERR'
              ? 'timeout'
              : 'unreachable';
      if (kind === 'timeout') done({ kind, stage: connectMs < 0 ? 'connect' : 'echo', bytes: received });
      else done({ kind, message: `${e.code ?? ''} ${e.message}`.trim() });
    });
  });
}
