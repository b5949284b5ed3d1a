/**
 * A ceiling on Error Indications (TS 29.281 §7.3.1) per peer: a token bucket of `perSecond`
 * tokens, `burst` saved. TS 29.281 sets no rate; the principle is RFC 4443 §2.4(f)'s for ICMPv6
 * errors — a flood of G-PDUs for unknown TEIDs, with a spoofed source, must not turn the gateway
 * into a reflector toward another operator's element (CLOUD-HARM). Peers are kept in a bounded map.
 */
export class ErrorIndicationLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond = 100,
    private readonly burst = 10,
    private readonly maxPeers = 4096,
  ) {}

  /** Whether an Error Indication to `peer` may go now (takes a token if so). */
  allow(peer: string, now = performance.now()): boolean {
    let b = this.buckets.get(peer);
    if (!b) {
      if (this.buckets.size >= this.maxPeers) this.buckets.delete(this.buckets.keys().next().value!);
      b = { tokens: this.burst, at: now };
      this.buckets.set(peer, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) * this.perSecond) / 1000);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
