import { median, percentiles } from './percentile.ts';

/**
 * Throughput as RFC 2544 §26.1 defines it — the highest offered rate at which no packet is lost —
 * found by the binary search of RFC 8219 §7.1, optionally with a loss tolerance (RFC 8219 §7.1
 * allows one to be configured and reported; RFC 2544 itself demands zero). Every repetition is a
 * whole search; the median of the repetitions is the result (RFC 8219 §7.1: the median, with the
 * 1st and 99th percentiles when there are at least 20 repetitions; with fewer, min and max).
 *
 * The trial itself (offer `ratePps` for `trialMs`, wait for stragglers, count) is the caller's:
 * the search knows nothing of sockets, so it is tested apart from any network.
 */
export interface TrialResult {
  sent: number;
  received: number;
  /** The rate actually offered; a trial that offered under 95 % of its rate did not test it, and fails. */
  offeredPps?: number;
}

export interface SearchOptions {
  /** Lowest and highest rate to try, packets per second. */
  minPps: number;
  maxPps: number;
  /** Fraction of packets that may be lost in a passing trial (0 = RFC 2544). */
  lossTolerance?: number;
  /** Stop when the bracket is narrower than this fraction of its upper end (default 0.02). */
  resolution?: number;
  repetitions?: number;
  trial: (ratePps: number) => Promise<TrialResult>;
  signal?: AbortSignal;
}

export interface TrialRecord extends TrialResult {
  ratePps: number;
  lossRatio: number;
  passed: boolean;
}

export interface SearchResult {
  /** Median over repetitions of the highest passing rate; 0 when even minPps lost too much. */
  throughputPps: number;
  /** Each repetition's result, in order. */
  repetitions: number[];
  /** Spread: min and max of the repetitions, and the 1st/99th percentiles when there are ≥ 20. */
  spread: { min: number; max: number; p1?: number; p99?: number };
  trials: TrialRecord[];
  /** The loss at the lowest rate tried, when no rate passed (the element's floor). */
  lossAtMinimum?: number;
}

export function lossRatio(t: TrialResult): number {
  return t.sent > 0 ? Math.max(0, t.sent - t.received) / t.sent : 1;
}

export async function searchThroughput(o: SearchOptions): Promise<SearchResult> {
  if (!(o.minPps > 0 && o.maxPps >= o.minPps))
    throw new Error(`throughput search needs 0 < minPps ≤ maxPps (got ${o.minPps}, ${o.maxPps})`);
  const tolerance = o.lossTolerance ?? 0;
  const resolution = o.resolution ?? 0.02;
  const trials: TrialRecord[] = [];
  const run = async (ratePps: number): Promise<TrialRecord> => {
    const r = await o.trial(ratePps);
    const loss = lossRatio(r);
    const offered = r.offeredPps === undefined || r.offeredPps >= 0.95 * ratePps;
    const rec = { ...r, ratePps, lossRatio: loss, passed: r.sent > 0 && offered && loss <= tolerance };
    trials.push(rec);
    return rec;
  };
  const results: number[] = [];
  let lossAtMinimum: number | undefined;
  for (let rep = 0; rep < (o.repetitions ?? 1) && !o.signal?.aborted; rep++) {
    // RFC 8219 §7.1: start at the maximum; on loss, halve the distance to the last passing rate.
    let lo = 0;
    let hi = o.maxPps;
    let rate = Math.round(o.maxPps);
    while (!o.signal?.aborted) {
      const t = await run(rate);
      if (t.passed) lo = rate;
      else hi = rate;
      if (t.passed && rate >= o.maxPps) break; // the element carries all we can offer
      if (!t.passed && rate <= o.minPps) break; // not even the floor passes
      if (lo > 0 && hi - lo <= resolution * hi) break;
      rate = Math.round(lo === 0 ? Math.max(o.minPps, hi / 2) : (lo + hi) / 2);
    }
    if (lo === 0) lossAtMinimum = trials.filter((x) => x.ratePps === Math.round(o.minPps)).at(-1)?.lossRatio;
    results.push(Math.round(lo));
  }
  const pick = percentiles(results);
  return {
    throughputPps: results.length ? median(results) : 0,
    repetitions: results,
    spread: {
      min: pick(0),
      max: pick(100),
      ...(results.length >= 20 ? { p1: pick(1), p99: pick(99) } : {}),
    },
    trials,
    ...(lossAtMinimum !== undefined ? { lossAtMinimum } : {}),
  };
}
