/** Deliberate misbehaviours of the GGSN stand-in, named in a target file's `faults:` list. */
export const GGSN_FAULTS = [
  /** Leaves the End User Address out of an accepted Create PDP Context Response (TS 29.060 §7.3.2). */
  'missing-eua',
  /** Never answers a Router Solicitation on the user plane. */
  'no-ra',
  /** Sends its RA with L=1 (TS 29.061 §11.2.1.3.4 says L=0). */
  'ra-on-link',
  /** Answers PCO DNS requests with no DNS server containers (TS 29.061 §11.2.1.5, TS 24.008 §10.5.6.3). */
  'no-pco-dns',
  /**
   * Answers the DNS containers (0x000D/0x0003) but not an IPCP Configure-Request (0x8021, RFC 1877
   * DNS options): MSs that ask for DNS over IPCP only get none (TS 24.008 §10.5.6.3, TS 29.061 §11.2.1.5).
   */
  'ipcp-ignored',
  /** Acknowledges an IPCP Configure-Request as it came, DNS 0.0.0.0 included, instead of a Configure-Nak with its DNS servers (RFC 1877 §1.1). */
  'ipcp-ack-unchanged',
  /** Appends a PCO container whose length runs past the end of the PCO (TS 24.008 §10.5.6.3). */
  'pco-overrun',
  /** Bumps its restart counter on every Echo without having restarted (TS 23.007 §18; TS 29.060 §7.7.11). */
  'restart-counter-unstable',
  /** RADIUS accounting without Framed-IPv6-Prefix (TS 29.061 §16.4.3; RFC 3162 §2.3). */
  'accounting-no-ipv6-prefix',
  /** Sends no RADIUS accounting at all, although an AAA is configured (TS 29.061 §16.3). */
  'no-accounting',
  /**
   * An overload control set far too low: refuses Create PDP Context with cause 199 "No resources
   * available" (TS 29.060 §7.7.1) beyond 10 requests in 100 ms (100/s) though its pools are far from empty.
   */
  'low-overload-threshold',
] as const;

export type GgsnFault = (typeof GGSN_FAULTS)[number];

export function isGgsnFault(f: string): f is GgsnFault {
  return (GGSN_FAULTS as readonly string[]).includes(f);
}
