/**
 * Happy Eyeballs Version 2 (RFC 8305) as the UE model's connection logic: the AAAA and A queries
 * go out together (§3), a positive A answer that comes first waits up to the Resolution Delay for
 * the AAAA answer (§3), the addresses are ordered IPv6 first and then alternate between families
 * (§4; RFC 6724 §6 simplified: the UE holds a global IPv6 address, so native IPv6 goes first), and
 * connection attempts start one Connection Attempt Delay apart, or at once when the previous one
 * fails (§5). The first to complete wins; the others are abandoned (§5: "cancel all other
 * attempts"). The `serial` mode is the classic pre-RFC 6555 client that scenarios must catch:
 * one address at a time, each given `attemptTimeoutMs`, IPv6 first.
 *
 * Timing runs on an injected clock, so the logic can be checked without wall-clock flakiness.
 */
export type HeMode = 'rfc8305' | 'serial';

export interface HeOptions {
  mode: HeMode;
  /** §8 Resolution Delay (recommended 50 ms). */
  resolutionDelayMs: number;
  /** §8 Connection Attempt Delay (recommended 250 ms; MUST NOT be below 10 ms, SHOULD be 100 ms…2 s). */
  connectionAttemptDelayMs: number;
  /** `serial`: how long one attempt waits before the next address is tried. */
  attemptTimeoutMs: number;
  /** The whole procedure, name resolution included, gives up after this. */
  overallTimeoutMs: number;
}

export const RFC8305_DEFAULTS: HeOptions = {
  mode: 'rfc8305',
  resolutionDelayMs: 50,
  connectionAttemptDelayMs: 250,
  attemptTimeoutMs: 3000,
  overallTimeoutMs: 5000,
};

/** §8: the limits on the Connection Attempt Delay. */
export const ATTEMPT_DELAY_LIMITS = { mustNotBeBelowMs: 10, recommendedMinMs: 100, recommendedMaxMs: 2000 } as const;

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (it never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(Math.max(0, ms), 2 ** 31 - 1));
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** The two queries; each resolves with the answer's addresses ([] for no data, an error or no answer). */
export interface Resolver {
  aaaa(signal: AbortSignal): Promise<string[]>;
  a(signal: AbortSignal): Promise<string[]>;
}

export type AttemptOutcome<C> = { kind: 'connected'; connection: C } | { kind: 'failed'; reason: string };

export interface Attempt {
  address: string;
  family: 4 | 6;
  /** Since the start of the procedure (the queries). */
  startedMs: number;
  endedMs?: number;
  result: 'pending' | 'won' | 'failed' | 'abandoned';
  reason?: string;
}

export interface Answers {
  aaaa?: { addresses: string[]; atMs: number };
  a?: { addresses: string[]; atMs: number };
}

export type HeOutcome<C> =
  | {
      kind: 'connected';
      connection: C;
      address: string;
      family: 4 | 6;
      connectMs: number;
      attempts: Attempt[];
      answers: Answers;
    }
  | { kind: 'failed'; reason: string; attempts: Attempt[]; answers: Answers };

const familyOf = (address: string): 4 | 6 => (address.includes(':') ? 6 : 4);

/**
 * §4: what is left to try, in order. IPv6 first; after that the family alternates (First Address
 * Family Count 1), continuing from the family of the last attempt started. `serial` keeps the
 * resolver's order: every IPv6 address, then every IPv4 one.
 */
export function nextAddresses(
  answers: Answers,
  started: ReadonlySet<string>,
  mode: HeMode,
  lastFamily?: 4 | 6,
): string[] {
  const v6 = (answers.aaaa?.addresses ?? []).filter((a) => !started.has(a));
  const v4 = (answers.a?.addresses ?? []).filter((a) => !started.has(a));
  if (mode === 'serial') return [...v6, ...v4];
  const out: string[] = [];
  let take: 4 | 6 = lastFamily === 6 ? 4 : 6;
  while (v6.length || v4.length) {
    const from = take === 6 ? v6 : v4;
    const other = take === 6 ? v4 : v6;
    out.push((from.length ? from : other).shift()!);
    take = take === 6 ? 4 : 6;
  }
  return out;
}

export async function happyEyeballs<C>(
  resolver: Resolver,
  connect: (address: string, signal: AbortSignal) => Promise<AttemptOutcome<C>>,
  /** Called for a connection that completed after another had won (§5: it is closed). */
  abandon: (connection: C) => void,
  opts: HeOptions = RFC8305_DEFAULTS,
  clock: Clock = realClock,
  signal?: AbortSignal,
): Promise<HeOutcome<C>> {
  const t0 = clock.now();
  const at = () => clock.now() - t0;
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  // One wake-up for every event (an answer, an attempt's end); captured before state is read, so none is lost.
  let poke!: () => void;
  let poked = new Promise<void>((r) => (poke = r));
  const notify = () => {
    const p = poke;
    poked = new Promise<void>((r) => (poke = r));
    p();
  };
  const until = async (event: Promise<void>, ms: number) => {
    const ac = new AbortController();
    const onStop = () => ac.abort();
    stop.signal.addEventListener('abort', onStop, { once: true });
    await Promise.race([event, clock.sleep(ms, ac.signal)]);
    ac.abort();
    stop.signal.removeEventListener('abort', onStop);
  };
  const answers: Answers = {};
  const query = (type: 'aaaa' | 'a') =>
    resolver[type](stop.signal)
      .catch(() => [] as string[])
      .then((addresses) => {
        answers[type] = { addresses, atMs: at() };
        notify();
      });
  const attempts: Attempt[] = [];
  const running = new Map<Attempt, AbortController>();
  let winner: { attempt: Attempt; connection: C } | undefined;
  const failed = (reason: string): HeOutcome<C> => ({ kind: 'failed', reason, attempts, answers });
  try {
    // §3: AAAA first, then A at once; the serial client asks one after the other.
    if (opts.mode === 'serial') {
      await query('aaaa');
      await query('a');
    } else {
      void query('aaaa');
      void query('a');
    }
    for (;;) {
      const event = poked;
      const { aaaa, a } = answers;
      const now = at();
      if (
        (aaaa && (aaaa.addresses.length || a)) ||
        (a && !aaaa && a.addresses.length && now >= a.atMs + opts.resolutionDelayMs)
      )
        break;
      if (now >= opts.overallTimeoutMs || stop.signal.aborted) return failed('no usable DNS answer in time');
      // §3: a positive A answer first waits for the AAAA answer up to the Resolution Delay.
      await until(
        event,
        a?.addresses.length && !aaaa ? a.atMs + opts.resolutionDelayMs - now : opts.overallTimeoutMs - now,
      );
    }
    const started = new Set<string>();
    const start = (address: string) => {
      const attempt: Attempt = { address, family: familyOf(address), startedMs: at(), result: 'pending' };
      attempts.push(attempt);
      started.add(address);
      const ac = new AbortController();
      running.set(attempt, ac);
      if (opts.mode === 'serial') {
        const timer = new AbortController();
        ac.signal.addEventListener('abort', () => timer.abort(), { once: true });
        void clock.sleep(opts.attemptTimeoutMs, timer.signal).then(() => {
          if (!timer.signal.aborted) ac.abort();
        });
      }
      const settle = (o: AttemptOutcome<C>) => {
        running.delete(attempt);
        attempt.endedMs ??= at();
        if (o.kind === 'connected') {
          if (winner || stop.signal.aborted) {
            attempt.result = 'abandoned';
            abandon(o.connection);
          } else {
            attempt.result = 'won';
            winner = { attempt, connection: o.connection };
          }
        } else if (attempt.result === 'pending') {
          attempt.result = 'failed';
          attempt.reason =
            ac.signal.aborted && opts.mode === 'serial' ? `no answer in ${opts.attemptTimeoutMs} ms` : o.reason;
        }
        ac.abort();
        notify();
      };
      connect(address, ac.signal).then(settle, (e: unknown) =>
        settle({ kind: 'failed', reason: e instanceof Error ? e.message : String(e) }),
      );
    };
    for (;;) {
      const event = poked;
      if (winner) break;
      const now = at();
      if (now >= opts.overallTimeoutMs || stop.signal.aborted)
        return failed(`no connection within ${opts.overallTimeoutMs} ms`);
      const latest = attempts.at(-1);
      const remaining = nextAddresses(answers, started, opts.mode, latest?.family);
      const nextStart =
        latest && latest.result === 'pending'
          ? opts.mode === 'serial'
            ? Infinity
            : latest.startedMs + opts.connectionAttemptDelayMs
          : now;
      // §5: the next attempt when the Connection Attempt Delay has passed or the previous one failed.
      if (remaining.length && now >= nextStart) {
        start(remaining[0]);
        continue;
      }
      if (!remaining.length && running.size === 0 && answers.aaaa && answers.a)
        return failed(attempts.length ? 'every attempt failed' : 'no address to connect to');
      await until(event, Math.min(remaining.length ? nextStart : Infinity, opts.overallTimeoutMs) - now);
    }
    const w = winner;
    return {
      kind: 'connected',
      connection: w.connection,
      address: w.attempt.address,
      family: w.attempt.family,
      connectMs: w.attempt.endedMs ?? at(),
      attempts,
      answers,
    };
  } finally {
    // §5: every other attempt is cancelled once one has won (or the procedure ended).
    for (const [attempt, ac] of running) {
      if (attempt.result === 'pending') {
        attempt.result = 'abandoned';
        attempt.endedMs = at();
      }
      ac.abort();
    }
    stop.abort();
    signal?.removeEventListener('abort', onOuterAbort);
  }
}
