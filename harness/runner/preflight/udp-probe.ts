import { createSocket } from 'node:dgram';

/**
 * One request/answer exchange over a connected UDP socket, retried: the answer is the first
 * datagram `matches` accepts. Connected, the socket learns of an ICMP Port Unreachable at once
 * (ECONNREFUSED), so "nothing listens there" is known in milliseconds, not after the timeouts.
 */
export type UdpProbeOutcome =
  | { kind: 'answer'; message: Buffer; rttMs: number; tries: number }
  | { kind: 'refused' }
  | { kind: 'silent'; tries: number; waitedMs: number }
  | { kind: 'error'; message: string };

export async function udpProbe(
  address: string,
  port: number,
  request: Buffer | ((attempt: number) => Buffer),
  matches: (m: Buffer) => boolean,
  opts: { tries?: number; timeoutMs?: number } = {},
): Promise<UdpProbeOutcome> {
  const tries = opts.tries ?? 3;
  const timeoutMs = opts.timeoutMs ?? 700;
  const v6 = address.includes(':');
  const s = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
  const started = performance.now();
  try {
    return await new Promise<UdpProbeOutcome>((resolve) => {
      let sent = 0;
      let sentAt = 0;
      let timer: NodeJS.Timeout | undefined;
      const done = (o: UdpProbeOutcome) => {
        clearTimeout(timer);
        resolve(o);
      };
      s.on('error', (e: NodeJS.ErrnoException) =>
        done(e.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'error', message: e.code ?? e.message }),
      );
      s.on('message', (m) => {
        if (matches(m)) done({ kind: 'answer', message: m, rttMs: performance.now() - sentAt, tries: sent });
      });
      const send = () => {
        if (sent >= tries) return done({ kind: 'silent', tries: sent, waitedMs: performance.now() - started });
        sent++;
        sentAt = performance.now();
        s.send(typeof request === 'function' ? request(sent) : request, (err) => {
          if (err) done({ kind: 'error', message: (err as NodeJS.ErrnoException).code ?? err.message });
        });
        timer = setTimeout(send, timeoutMs);
      };
      s.connect(port, address, (err?: Error) => {
        if (err) done({ kind: 'error', message: (err as NodeJS.ErrnoException).code ?? err.message });
        else send();
      });
    });
  } finally {
    s.close();
  }
}

/** "nothing listens at …" / "no answer to … after 3 tries (2.1 s)", for a verdict line. */
export function describeSilence(out: Exclude<UdpProbeOutcome, { kind: 'answer' }>, what: string): string {
  switch (out.kind) {
    case 'refused':
      return `nothing listens there: ${what} refused (ICMP Port Unreachable)`;
    case 'silent':
      return `no answer to ${what} (${out.tries} tries in ${(out.waitedMs / 1000).toFixed(1)} s)`;
    case 'error':
      return `${what} could not be sent: ${out.message}`;
  }
}
