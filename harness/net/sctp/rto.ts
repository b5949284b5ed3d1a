/**
 * Retransmission timeout per RFC 9260 §6.3.1 (C1-C7) with the §16 defaults: RTO.Initial 1 s,
 * RTO.Min 1 s, RTO.Max 60 s, RTO.Alpha 1/8, RTO.Beta 1/4. Karn's rule (C5) is the caller's: it
 * passes only measurements of chunks sent once.
 */
export interface RtoConfig {
  initial: number;
  min: number;
  max: number;
}

export const RTO_DEFAULTS: RtoConfig = { initial: 1000, min: 1000, max: 60_000 };

/** G, the clock granularity of §6.3.1 C3, in ms. */
const G = 1;

export class RtoEstimator {
  srtt: number | undefined;
  rttvar = 0;
  rto: number;

  constructor(readonly config: RtoConfig = RTO_DEFAULTS) {
    this.rto = config.initial;
  }

  /** §6.3.1 C2/C3: a new RTT measurement R, in ms. */
  measure(r: number): void {
    if (this.srtt === undefined) {
      this.srtt = r;
      this.rttvar = r / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
      this.srtt = 0.875 * this.srtt + 0.125 * r;
    }
    this.rto = this.clamp(this.srtt + Math.max(G, 4 * this.rttvar));
  }

  /** §6.3.3 E2: the timer expired; back off. */
  backOff(): void {
    this.rto = this.clamp(this.rto * 2);
  }

  private clamp(v: number): number {
    return Math.min(this.config.max, Math.max(this.config.min, v));
  }
}
