/** Deliberate misbehaviours of the DNS64 stand-in (each the fault a real resolver could have). */
export const DNS64_FAULTS = [
  /** Synthesizes although a real AAAA exists (RFC 6147 §5.1.1). */
  'synthall',
  /** Synthesizes under 64:ff9b::/96 instead of the configured Pref64. */
  'well-known-prefix',
  /** Synthesizes even when the client set CD and DO (RFC 6147 §5.5 says MUST NOT). */
  'ignore-cd',
  /** Answers names that do not exist (NXDOMAIN redirection). */
  'nxdomain-redirect',
  /** Passes IPv4-mapped AAAA records on (no exclusion set, RFC 6147 §5.1.4). */
  'no-exclusion',
  /** Gives synthesized AAAA the A record's TTL (RFC 6147 §5.1.7). */
  'a-ttl',
  /** Never answers. */
  'silent',
  /** Answers AAAA for A-only names with no data, as a resolver without DNS64 would (RFC 6147 §5.1.6 not done). */
  'no-synthesis',
  /** Answers at most 100 queries a second and drops the rest (an over-tight response rate limit). */
  'query-rate-limit',
  /**
   * Cut off from the internet: answers the operator's own names but SERVFAILs every name under
   * .arpa it would have to look up elsewhere (ipv4only.arpa, the in-addr.arpa behind a PTR of a
   * synthesized address), as a lab resolver with no path to those zones does once it gives up.
   */
  'isolated',
  /** As `isolated`, but those questions go unanswered (the resolver still iterating when the client gives up). */
  'isolated-slow',
] as const;

export type Dns64Fault = (typeof DNS64_FAULTS)[number];
export const isDns64Fault = (f: string): f is Dns64Fault => (DNS64_FAULTS as readonly string[]).includes(f);
