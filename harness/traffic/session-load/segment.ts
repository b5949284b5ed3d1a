/**
 * Load segments (k6's execution segments, issue "Performance, wave 2", item 6): one load scenario
 * split over n processes or pods, process i taking every n-th arrival of the global schedule —
 * its share of the rate, its own IMSIs, UE indices (hence TEIDs and UE prefixes derived from
 * them) and its share of the target's message ceiling. `run --segment i/n` sets it for the
 * process; `merge` then adds the segments' counters and HDR histograms.
 */
export interface Segment {
  /** 0-based. */
  index: number;
  of: number;
}

let current: Segment = { index: 0, of: 1 };

/** "i/n" with 1 ≤ i ≤ n (as --shard). */
export function parseSegment(spec: string): Segment {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const i = m ? Number(m[1]) : Number.NaN;
  const n = m ? Number(m[2]) : Number.NaN;
  if (!m || n < 1 || i < 1 || i > n || n > 50)
    throw new Error(`--segment must be i/n with 1 ≤ i ≤ n ≤ 50, got "${spec}"`);
  return { index: i - 1, of: n };
}

export function setLoadSegment(s: Segment): void {
  current = s;
}

export function loadSegment(): Segment {
  return current;
}

export function segmentLabel(s: Segment): string | undefined {
  return s.of > 1 ? `${s.index + 1}/${s.of}` : undefined;
}
