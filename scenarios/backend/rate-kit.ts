import type * as hdr from 'hdr-histogram-js';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { searchThroughput, type SearchResult, type TrialResult } from '../../harness/traffic/index.ts';

/** A request/answer trial (DNS query, RADIUS transaction): answers by verdict, latencies of the good ones. */
export interface RateTrial extends TrialResult {
  verdicts: Record<string, number>;
  latencyUs: hdr.Histogram;
}

export interface RateSearch<T extends RateTrial> {
  /** The rate found (0: even the floor failed), and the search itself. */
  rate: number;
  result: SearchResult;
  /** Every verdict of every trial, summed. */
  verdicts: Record<string, number>;
  /** The trial at the rate found. */
  at?: T;
}

/**
 * The highest request rate at which every request is answered well (RFC 2544 §26.1 throughput by
 * RFC 8219 §7.1's binary search between `floor` and `max`), each trial logged; metrics
 * `<metric>` (`unit`) and `<latencyPrefix>_latency_p50/p99/max` (ms) from the trial at that rate,
 * and the fact `trials`.
 */
export async function searchRequestRate<T extends RateTrial>(
  ctx: ScenarioContext,
  o: {
    floor: number;
    max: number;
    lossTolerance: number;
    repetitions: number;
    metric: string;
    unit: string;
    latencyPrefix: string;
    what: string;
    trial: (rate: number) => Promise<T>;
  },
): Promise<RateSearch<T>> {
  const verdicts: Record<string, number> = {};
  const byRate = new Map<number, T>();
  const result = await searchThroughput({
    minPps: Math.min(o.floor, o.max),
    maxPps: o.max,
    lossTolerance: o.lossTolerance,
    repetitions: o.repetitions,
    resolution: 0.05,
    signal: ctx.signal,
    trial: async (rate) => {
      const t = await o.trial(rate);
      for (const [k, v] of Object.entries(t.verdicts)) verdicts[k] = (verdicts[k] ?? 0) + v;
      byRate.set(rate, t);
      ctx.log(`${rate} ${o.what}/s: ${t.received}/${t.sent} answered in time ${JSON.stringify(t.verdicts)}`);
      return t;
    },
  });
  const rate = result.throughputPps;
  ctx.metric(o.metric, rate, o.unit);
  const at = byRate.get(rate);
  if (at && at.received > 0) {
    ctx.metric(
      `${o.latencyPrefix}_latency_p50`,
      Number((at.latencyUs.getValueAtPercentile(50) / 1000).toFixed(3)),
      'ms',
    );
    ctx.metric(
      `${o.latencyPrefix}_latency_p99`,
      Number((at.latencyUs.getValueAtPercentile(99) / 1000).toFixed(3)),
      'ms',
    );
    ctx.metric(`${o.latencyPrefix}_latency_max`, Number((at.latencyUs.maxValue / 1000).toFixed(3)), 'ms');
  }
  ctx.fact(
    'trials',
    result.trials
      .map((t) => `${t.ratePps}: ${t.passed ? 'pass' : `${(t.lossRatio * 100).toFixed(1)} % failed`}`)
      .join(', '),
  );
  return { rate, result, verdicts, ...(at ? { at } : {}) };
}
