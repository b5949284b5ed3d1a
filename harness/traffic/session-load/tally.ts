import * as hdr from 'hdr-histogram-js';

/**
 * What one cycle came to, and the counts a thread keeps of them. A cycle is a session set up and
 * released again; its setup latency is the time from the setup request to its accepted response
 * (retransmissions included). Failures are keyed by procedure and cause as the element gave it
 * ("Create Session: cause 73 No resources available") or "…: timeout" when it gave none.
 */
export type CycleResult =
  | { kind: 'completed'; setupMs: number }
  | { kind: 'setup-failed'; cause: string }
  | { kind: 'release-failed'; setupMs: number; cause: string };

/** A thread's counts, as posted to the main thread (structured-clone safe). */
export interface TallyReport {
  setups: number;
  completed: number;
  failures: Record<string, number>;
  /** Setup latency in µs, hdr-histogram compressed base64. */
  histogram: string;
  /** When the last session was set up, ms after the load started (0 when none). */
  lastSetupMs: number;
  /** Sessions set up in each second of the load (index = whole seconds after its start). */
  setupsPerSecond: number[];
}

/** Setup latencies in µs, 1 µs to 60 s, 3 significant digits. */
export function latencyHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

export class Tally {
  setups = 0;
  completed = 0;
  lastSetupMs = 0;
  readonly failures = new Map<string, number>();
  readonly histogram = latencyHistogram();
  readonly setupsPerSecond: number[] = [];

  /** `startedMs`: when the cycle started, on the load's clock. */
  add(r: CycleResult, startedMs: number): void {
    if (r.kind !== 'setup-failed') {
      this.setups++;
      this.lastSetupMs = Math.max(this.lastSetupMs, startedMs + r.setupMs);
      this.histogram.recordValue(Math.max(1, Math.round(r.setupMs * 1000)));
      const second = Math.max(0, Math.floor((startedMs + r.setupMs) / 1000));
      // A slot per second up to here: a load of hours holds a few thousand numbers.
      while (this.setupsPerSecond.length <= second) this.setupsPerSecond.push(0);
      this.setupsPerSecond[second]++;
    }
    if (r.kind === 'completed') this.completed++;
    else this.failures.set(r.cause, (this.failures.get(r.cause) ?? 0) + 1);
  }

  report(): TallyReport {
    return {
      setups: this.setups,
      completed: this.completed,
      failures: Object.fromEntries(this.failures),
      histogram: hdr.encodeIntoCompressedBase64(this.histogram),
      lastSetupMs: this.lastSetupMs,
      setupsPerSecond: [...this.setupsPerSecond],
    };
  }
}
