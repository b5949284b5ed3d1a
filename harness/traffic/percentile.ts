/**
 * Percentiles of exact values — a few dozen repetitions, one control-loop bucket, a burst of
 * setups — the one helper beside hdr-histogram-js (which bins latencies by the thousand). Nearest
 * rank (RFC 2330 §11.3's empirical distribution): the smallest value with at least p % of the
 * values at or below it, as hdr's getValueAtPercentile gives on its bins; 0 for no values.
 */
export function percentiles(values: ArrayLike<number>): (p: number) => number {
  const s = Float64Array.from(values).sort();
  return (p) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : 0);
}

export const percentile = (values: ArrayLike<number>, p: number): number => percentiles(values)(p);

/** The middle value, or the mean of the two middle ones; NaN for no values. */
export function median(values: ArrayLike<number>): number {
  if (!values.length) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
