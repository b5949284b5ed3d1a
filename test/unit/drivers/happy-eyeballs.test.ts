import test from 'ava';
import {
  happyEyeballs,
  nextAddresses,
  RFC8305_DEFAULTS,
  type AttemptOutcome,
  type Clock,
  type HeOptions,
} from '../../../harness/drivers/ue/happy-eyeballs.ts';

/**
 * The Happy Eyeballs v2 timing (RFC 8305 §3-§5) on a virtual clock: time moves only when every
 * promise has settled, to the next timer, so the times below are exact, not wall-clock guesses.
 */
class VirtualClock implements Clock {
  private t = 0;
  private timers: { at: number; fire: () => void }[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = { at: this.t + Math.max(0, ms), fire: () => resolve() };
      this.timers.push(timer);
      signal.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          resolve();
        },
        { once: true },
      );
    });
  }
  /** Runs until `p` settles and no timer is left (late completions included), firing timers in time order. */
  async run<T>(p: Promise<T>): Promise<T> {
    let done = false;
    void p.finally(() => (done = true));
    for (;;) {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      if (done && this.timers.length === 0) return p;
      const at = Math.min(...this.timers.map((x) => x.at));
      if (!Number.isFinite(at)) throw new Error('deadlock: nothing scheduled and not done');
      this.t = at;
      const due = this.timers.filter((x) => x.at <= at);
      this.timers = this.timers.filter((x) => x.at > at);
      for (const x of due) x.fire();
    }
  }
}

/** How each address behaves: connects or is refused after `ms`, or never answers. */
type Behaviour = { connectMs: number; ignoresCancel?: true } | { refusedMs: number } | 'silent';

function world(
  clock: VirtualClock,
  dns: { aaaa: [number, string[]]; a: [number, string[]] },
  hosts: Record<string, Behaviour>,
) {
  const abandoned: string[] = [];
  const resolver = {
    aaaa: (signal: AbortSignal) => clock.sleep(dns.aaaa[0], signal).then(() => dns.aaaa[1]),
    a: (signal: AbortSignal) => clock.sleep(dns.a[0], signal).then(() => dns.a[1]),
  };
  const connect = async (address: string, signal: AbortSignal): Promise<AttemptOutcome<string>> => {
    const b = hosts[address] ?? 'silent';
    if (b === 'silent') {
      await clock.sleep(1e9, signal);
      return { kind: 'failed', reason: 'no SYN-ACK' };
    }
    // A stack that completes a handshake already under way even though it was cancelled.
    const ignores = 'ignoresCancel' in b && b.ignoresCancel;
    await clock.sleep('connectMs' in b ? b.connectMs : b.refusedMs, ignores ? new AbortController().signal : signal);
    if (signal.aborted && !ignores) return { kind: 'failed', reason: 'aborted' };
    return 'connectMs' in b ? { kind: 'connected', connection: address } : { kind: 'failed', reason: 'refused' };
  };
  return { resolver, connect, abandoned, abandon: (c: string) => void abandoned.push(c) };
}

async function run(
  dns: { aaaa: [number, string[]]; a: [number, string[]] },
  hosts: Record<string, Behaviour>,
  opts: Partial<HeOptions> = {},
) {
  const clock = new VirtualClock();
  const w = world(clock, dns, hosts);
  const out = await clock.run(happyEyeballs(w.resolver, w.connect, w.abandon, { ...RFC8305_DEFAULTS, ...opts }, clock));
  const attempts = out.attempts.map((a) => `${a.address}@${a.startedMs}:${a.result}`);
  return { out, attempts, abandoned: w.abandoned };
}

const V6 = '2001:db8::6';
const V4 = '192.0.2.4';

test('dual-stack host: IPv6 is tried first and wins; IPv4 is never tried', async (t) => {
  const { out, attempts } = await run(
    { aaaa: [10, [V6]], a: [10, [V4]] },
    { [V6]: { connectMs: 20 }, [V4]: { connectMs: 20 } },
  );
  t.like(out, { kind: 'connected', family: 6, address: V6, connectMs: 30 });
  t.deepEqual(attempts, [`${V6}@10:won`]);
});

test('broken IPv6: IPv4 starts one Connection Attempt Delay after IPv6, wins, and the IPv6 attempt is abandoned', async (t) => {
  const { out, attempts } = await run({ aaaa: [10, [V6]], a: [12, [V4]] }, { [V6]: 'silent', [V4]: { connectMs: 20 } });
  t.like(out, { kind: 'connected', family: 4, address: V4, connectMs: 10 + 250 + 20 });
  t.deepEqual(attempts, [`${V6}@10:abandoned`, `${V4}@260:won`]);
});

test('the Connection Attempt Delay is configurable', async (t) => {
  const { out } = await run(
    { aaaa: [0, [V6]], a: [0, [V4]] },
    { [V6]: 'silent', [V4]: { connectMs: 5 } },
    { connectionAttemptDelayMs: 100 },
  );
  t.like(out, { kind: 'connected', family: 4, connectMs: 105 });
});

test('an IPv6 attempt that fails at once starts IPv4 at once, not after the delay', async (t) => {
  const { out, attempts } = await run(
    { aaaa: [10, [V6]], a: [10, [V4]] },
    { [V6]: { refusedMs: 20 }, [V4]: { connectMs: 20 } },
  );
  t.like(out, { kind: 'connected', family: 4, connectMs: 50 });
  t.deepEqual(attempts, [`${V6}@10:failed`, `${V4}@30:won`]);
});

test('A first: the AAAA answer is waited for up to the Resolution Delay (50 ms)', async (t) => {
  const within = await run({ aaaa: [40, [V6]], a: [5, [V4]] }, { [V6]: { connectMs: 10 }, [V4]: { connectMs: 10 } });
  t.deepEqual(within.attempts, [`${V6}@40:won`]);
  const late = await run({ aaaa: [100, [V6]], a: [5, [V4]] }, { [V6]: { connectMs: 10 }, [V4]: 'silent' });
  // IPv4 at 5 + 50; the late AAAA joins the list and IPv6 starts one attempt delay later.
  t.deepEqual(late.attempts, [`${V4}@55:abandoned`, `${V6}@305:won`]);
  t.like(late.out, { kind: 'connected', family: 6, connectMs: 315 });
});

test('IPv6-only host: the empty A answer is no obstacle', async (t) => {
  const { out } = await run({ aaaa: [10, [V6]], a: [3, []] }, { [V6]: { connectMs: 10 } });
  t.like(out, { kind: 'connected', family: 6, connectMs: 20 });
});

test('families alternate after the first IPv6 address (§4)', async (t) => {
  const v6b = '2001:db8::7';
  const v4b = '192.0.2.5';
  const { out, attempts } = await run({ aaaa: [0, [V6, v6b]], a: [0, [V4, v4b]] }, { [v4b]: { connectMs: 1 } });
  t.deepEqual(attempts, [`${V6}@0:abandoned`, `${V4}@250:abandoned`, `${v6b}@500:abandoned`, `${v4b}@750:won`]);
  t.like(out, { kind: 'connected', connectMs: 751 });
  t.deepEqual(
    nextAddresses(
      { aaaa: { addresses: [V6, v6b], atMs: 0 }, a: { addresses: [V4], atMs: 0 } },
      new Set([V6]),
      'rfc8305',
      6,
    ),
    [V4, v6b],
  );
});

test('a connection that completes after another won is closed (§5)', async (t) => {
  const cancelled = await run({ aaaa: [0, [V6]], a: [0, [V4]] }, { [V6]: { connectMs: 300 }, [V4]: { connectMs: 40 } });
  t.like(cancelled.out, { kind: 'connected', family: 4, connectMs: 290 });
  t.deepEqual(cancelled.abandoned, []);
  const late = await run(
    { aaaa: [0, [V6]], a: [0, [V4]] },
    { [V6]: { connectMs: 300, ignoresCancel: true }, [V4]: { connectMs: 40 } },
  );
  t.like(late.out, { kind: 'connected', family: 4, connectMs: 290 });
  t.deepEqual(late.abandoned, [V6]);
});

test('serial (pre-RFC 6555) client: IPv4 only after the IPv6 attempt times out', async (t) => {
  const { out, attempts } = await run(
    { aaaa: [10, [V6]], a: [10, [V4]] },
    { [V6]: 'silent', [V4]: { connectMs: 20 } },
    { mode: 'serial', attemptTimeoutMs: 3000 },
  );
  t.like(out, { kind: 'connected', family: 4, connectMs: 10 + 10 + 3000 + 20 });
  t.deepEqual(attempts, [`${V6}@20:failed`, `${V4}@3020:won`]);
});

test('nothing answers: failed after the overall timeout, every address tried', async (t) => {
  const { out, attempts } = await run({ aaaa: [0, [V6]], a: [0, [V4]] }, {}, { overallTimeoutMs: 2000 });
  t.like(out, { kind: 'failed', reason: 'no connection within 2000 ms' });
  t.deepEqual(attempts, [`${V6}@0:abandoned`, `${V4}@250:abandoned`]);
});

test('no addresses at all: failed at once', async (t) => {
  const { out } = await run({ aaaa: [5, []], a: [7, []] }, {});
  t.like(out, { kind: 'failed', reason: 'no address to connect to' });
});
