import { searchThroughput, type SearchResult, type TrialResult } from './throughput-search.ts';

/**
 * Benchmarking a stateful NATxy gateway (RFC 9693): the three figures RFC 2544/8219 have no
 * procedure for — maximum connection establishment rate (§4.4), connection tear-down rate (§4.5)
 * and connection tracking table capacity (§4.6) — over a Tester split as the RFC splits it: the
 * Initiator on the private (IPv6) side opens connections, the Responder on the public (IPv4) side
 * learns the translated 4-tuples from what arrives and answers to them.
 *
 * Every measurement has the RFC's two phases: phase 1 ("preliminary", §4.2) sends one frame per
 * new 4-tuple from the Initiator, each of which must create state in the DUT and reach the
 * Responder; phase 2 (§4.3) sends from the Responder to every 4-tuple it learned, which only
 * gets through where the DUT still holds the connection — the validation that a frame that got
 * through also left a connection behind. The sockets (or in-process packets) are the tester's:
 * the procedures here know nothing of either, so they are tested apart from any network.
 */
export interface PhaseResult extends TrialResult {
  /** The rate actually offered (a phase that fell under 95 % of its rate did not test it). */
  offeredPps?: number;
}

export interface StatefulNatTester {
  /**
   * Phase 1: `connections` frames at `ratePps`, each from a 4-tuple the DUT has not seen since the
   * last `clear` (RFC 9693 §4.2: RFC 4814 pseudorandom ports from limited ranges, each
   * combination once). The Responder forgets what it learned before and keeps the 4-tuple of each
   * frame it receives now.
   */
  establish(connections: number, ratePps: number, signal?: AbortSignal): Promise<PhaseResult>;
  /** Phase 2 as validation: one frame from the Responder to each 4-tuple it learned, at `ratePps`; the Initiator counts. */
  validate(ratePps: number, signal?: AbortSignal): Promise<PhaseResult>;
  /**
   * Empties the DUT's connection table (a DUT command; RFC 9693 §4.5 times it); the Responder
   * keeps what it learned, so a phase 2 after it shows whether the state is really gone. Without it the connections must time out in the DUT between steps
   * (`stateTimeoutMs`), and no tear-down rate can be measured.
   */
  clear?(signal?: AbortSignal): Promise<void>;
  /** The DUT's state timeout to wait out between steps when there is no `clear`. */
  stateTimeoutMs?: number;
}

export interface EstablishmentOptions {
  /** Connections per step: each step opens this many new ones (RFC 9693 §4.4). */
  connections: number;
  minPps: number;
  maxPps: number;
  /**
   * The rate phase 2 validates at: one the DUT is known to carry (RFC 9693 §4.4 uses a safe rate),
   * or a function of the step's rate (e.g. the same rate, capped).
   */
  validationPps: number | ((ratePps: number) => number);
  resolution?: number;
  repetitions?: number;
  signal?: AbortSignal;
}

export interface EstablishmentResult extends SearchResult {
  /** Steps whose phase 1 got everything through but whose phase 2 lost: frames passed without leaving state. */
  stateLost: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** Before each step the DUT's table must be empty (RFC 9693 §4.4): its command, or its timeout waited out. */
async function emptyTable(t: StatefulNatTester, signal?: AbortSignal): Promise<void> {
  if (t.clear) return t.clear(signal);
  await sleep(t.stateTimeoutMs ?? 0, signal);
}

/** One step at `ratePps`: phase 1 at that rate, and, if nothing was lost, phase 2 at the validation rate. */
async function step(
  t: StatefulNatTester,
  connections: number,
  ratePps: number,
  validationPps: number,
  signal?: AbortSignal,
): Promise<{ trial: TrialResult; stateLost: boolean }> {
  await emptyTable(t, signal);
  const p1 = await t.establish(connections, ratePps, signal);
  // A phase cut short (an abort) did not test the step: what it did not send counts as lost.
  if (p1.received < p1.sent || p1.sent < connections)
    return { trial: { ...p1, sent: Math.max(p1.sent, connections) }, stateLost: false };
  const p2 = await t.validate(validationPps, signal);
  return {
    trial: {
      sent: p1.sent + p2.sent,
      received: p1.received + Math.min(p2.received, p2.sent),
      ...(p1.offeredPps !== undefined ? { offeredPps: p1.offeredPps } : {}),
    },
    stateLost: p2.received < p2.sent || p2.sent < p1.received,
  };
}

/**
 * Maximum connection establishment rate (RFC 9693 §4.4): the RFC 8219 §7.1 binary search over
 * the rate of phase 1, a step passing only when every frame reached the Responder and every
 * connection answered in phase 2. Zero loss is the criterion (RFC 2544).
 */
export async function connectionEstablishmentRate(
  t: StatefulNatTester,
  o: EstablishmentOptions,
): Promise<EstablishmentResult> {
  let stateLost = 0;
  const result = await searchThroughput({
    minPps: o.minPps,
    maxPps: o.maxPps,
    ...(o.resolution !== undefined ? { resolution: o.resolution } : {}),
    ...(o.repetitions !== undefined ? { repetitions: o.repetitions } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    trial: async (rate) => {
      const v = typeof o.validationPps === 'number' ? o.validationPps : o.validationPps(rate);
      const s = await step(t, o.connections, rate, v, o.signal);
      if (s.stateLost) stateLost++;
      return s.trial;
    },
  });
  return { ...result, stateLost };
}

export interface CapacityOptions {
  /** The first table size tried; it doubles until a step fails (RFC 9693 §4.6), then a binary search. */
  startConnections: number;
  /** Stop doubling here: the tester's own limit (its 4-tuple ranges), reported as "at least". */
  maxConnections: number;
  /** Phase 1's rate: a safe one, well under the establishment rate (RFC 9693 §4.6). */
  ratePps: number;
  validationPps: number;
  /** Stop when the bracket is narrower than this fraction of its upper end (default 0.01). */
  resolution?: number;
  signal?: AbortSignal;
}

export interface CapacityResult {
  /** The most connections every one of which answered in phase 2; 0 when even the first size failed. */
  capacity: number;
  /** Whether the search reached `maxConnections` without a failure (the DUT holds at least that many). */
  atLeast: boolean;
  steps: { connections: number; sent: number; received: number; passed: boolean }[];
}

/** Connection tracking table capacity (RFC 9693 §4.6): exponential, then binary search over the table size. */
export async function connectionTableCapacity(t: StatefulNatTester, o: CapacityOptions): Promise<CapacityResult> {
  const steps: CapacityResult['steps'] = [];
  const run = async (n: number) => {
    const s = await step(t, n, o.ratePps, o.validationPps, o.signal);
    // Cut short by the signal: neither a pass nor a failure of the DUT, and the search ends.
    if (o.signal?.aborted) return undefined;
    const passed = s.trial.sent > 0 && s.trial.received === s.trial.sent && !s.stateLost;
    steps.push({ connections: n, sent: s.trial.sent, received: s.trial.received, passed });
    return passed;
  };
  let lo = 0;
  let hi = 0;
  for (let n = Math.max(1, Math.round(o.startConnections)); !o.signal?.aborted; n = Math.min(2 * n, o.maxConnections)) {
    const passed = await run(n);
    if (passed === undefined) return { capacity: lo, atLeast: false, steps };
    if (!passed) {
      hi = n;
      break;
    }
    lo = n;
    if (n >= o.maxConnections) return { capacity: lo, atLeast: true, steps };
  }
  const resolution = o.resolution ?? 0.01;
  while (hi > 0 && hi - lo > Math.max(1, resolution * hi) && !o.signal?.aborted) {
    const mid = Math.round((lo + hi) / 2);
    const passed = await run(mid);
    if (passed === undefined) break;
    if (passed) lo = mid;
    else hi = mid;
  }
  return { capacity: lo, atLeast: false, steps };
}

export interface TearDownResult {
  connections: number;
  /** Time to empty the full table, and an empty one (RFC 9693 §4.5 subtracts the latter). */
  fullMs: number;
  emptyMs: number;
  /** connections / (fullMs − emptyMs), per second; undefined when the difference is below the clock's resolution. */
  ratePerSecond?: number;
  /** Phase 2 after the tear-down: what still answered (should be nothing). */
  answeredAfter: number;
}

/**
 * Connection tear-down rate (RFC 9693 §4.5): fill the table with `connections` (phase 1 at a safe
 * rate, every frame through), time the DUT's command that empties it, subtract the time the same
 * command takes on an empty table. Needs the tester's `clear`.
 */
export async function connectionTearDownRate(
  t: StatefulNatTester,
  o: { connections: number; ratePps: number; validationPps: number; signal?: AbortSignal },
): Promise<TearDownResult> {
  const clear = t.clear?.bind(t);
  if (!clear)
    throw new Error('the connection tear-down rate needs a way to empty the DUT\u2019s table (RFC 9693 §4.5)');
  await clear(o.signal);
  const timed = async () => {
    const t0 = performance.now();
    await clear(o.signal);
    return performance.now() - t0;
  };
  const emptyMs = await timed();
  const p1 = await t.establish(o.connections, o.ratePps, o.signal);
  if (p1.received < o.connections)
    throw new Error(
      `phase 1 did not fill the table: ${p1.received} of ${o.connections} frames reached the Responder at ${o.ratePps} frames/s`,
    );
  const fullMs = await timed();
  // Phase 2 to the 4-tuples phase 1 opened: a table that was really emptied lets none through.
  const after = await t.validate(o.validationPps, o.signal);
  const net = fullMs - emptyMs;
  return {
    connections: o.connections,
    fullMs,
    emptyMs,
    ...(net > 0.001 ? { ratePerSecond: o.connections / (net / 1000) } : {}),
    answeredAfter: after.received,
  };
}

/**
 * The k-th 4-tuple of a pseudorandom enumeration of every (source port, destination port) pair in
 * the two ranges (RFC 4814 §4.5 pseudorandom ports; RFC 9693 §4.2: within limited ranges, each
 * combination used once per phase 1). A multiplicative permutation modulo the range's size: no
 * table, no repeats, cheap per frame.
 */
export function tupleAt(
  k: number,
  src: { first: number; last: number },
  dst: { first: number; last: number },
  seed = 1,
): { srcPort: number; dstPort: number } {
  const nSrc = src.last - src.first + 1;
  const nDst = dst.last - dst.first + 1;
  const n = nSrc * nDst;
  const i = permute(k % n, n, seed);
  return { srcPort: src.first + (i % nSrc), dstPort: dst.first + Math.floor(i / nSrc) };
}

/** A bijection of [0, n): i ↦ (a·i + b) mod n with a coprime to n. */
function permute(i: number, n: number, seed: number): number {
  let a = (2654435761 % n) | 1;
  while (gcd(a, n) !== 1) a += 2;
  const b = (seed * 40503) % n;
  return (mulMod(a, i, n) + b) % n;
}

/** a·i mod n without leaving the 2^53 of a double (n ≤ 2^32). */
function mulMod(a: number, i: number, n: number): number {
  const hi = Math.floor(a / 65536);
  const lo = a % 65536;
  return (((hi * i) % n) * 65536 + lo * i) % n;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
