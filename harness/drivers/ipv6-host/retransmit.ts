/**
 * A request sent again every `timeoutMs` until an answer comes, at most `attempts` times, as ping
 * and echo clients do (RFC 4443 §4.1, RFC 862): the first answer wins; after the last attempt, or
 * when `signal` aborts, it is a timeout; a failing socket ends it with the error.
 */
export type Retransmitted<A> =
  | { kind: 'answer'; answer: A; rttMs: number; attempts: number }
  | { kind: 'timeout'; attempts: number }
  | { kind: 'error'; message: string };

export function retransmit<A>(o: {
  attempts: number;
  timeoutMs: number;
  signal: AbortSignal;
  /** Sends attempt `n` (from 1); reports a send error through `fail`. */
  send(n: number, fail: (message: string) => void): void;
  /** Hands every answer (`answer`) and socket error (`fail`) from now on. */
  listen(answer: (a: A) => void, fail: (message: string) => void): void;
}): Promise<Retransmitted<A>> {
  return new Promise((resolve) => {
    let sent = 0;
    let sentAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (r: Retransmitted<A>) => {
      clearTimeout(timer);
      o.signal.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = () => done({ kind: 'timeout', attempts: sent });
    const fail = (message: string) => done({ kind: 'error', message });
    o.signal.addEventListener('abort', onAbort, { once: true });
    o.listen((answer) => done({ kind: 'answer', answer, rttMs: performance.now() - sentAt, attempts: sent }), fail);
    const next = () => {
      if (sent >= o.attempts) return done({ kind: 'timeout', attempts: sent });
      sent++;
      sentAt = performance.now();
      o.send(sent, fail);
      timer = setTimeout(next, o.timeoutMs);
    };
    next();
  });
}
