/** Deliberate misbehaviours of the GGSN stand-in, named in a target file's `faults:` list. */
export const GGSN_FAULTS = [
  /** Leaves the End User Address out of an accepted Create PDP Context Response (TS 29.060 §7.3.2). */
  'missing-eua',
  /** Never answers a Router Solicitation on the user plane. */
  'no-ra',
  /** Sends its RA without the MTU option (RFC 4861 §4.6.4; TS 29.061 §11.2.1.3.4). */
  'ra-no-mtu',
  /**
   * Grants whatever PDP type is asked, whatever the APN declares (as osmo-ggsn 1.9 does on an APN
   * set to `type-support v4` with an IPv6 pool left over): no cause 129/130, no rejection.
   */
  'ignore-pdp-type-policy',
  /** Drops every IPv4 packet of an IPv4 or IPv4v6 PDP context (TS 29.061 §11.2.1.1: no IPv4 user plane). */
  'no-ipv4-user-plane',
  /** Forwards nothing out of Gi (the internet is unreachable through the GGSN). */
  'no-sgi',
  /** Forwards link-local traffic from one MS to another (RFC 4291 §2.5.6, RFC 3927 §2.7: never forwarded). */
  'forward-link-local',
  /** Answers Update PDP Context with cause 128 but keeps the old TEID and addresses (TS 29.060 §7.3.3: the user plane does not follow). */
  'update-keeps-old-teid',
  /** Answers Update PDP Context for a TEID it does not know with cause 128 instead of 192 Non-existent (TS 29.060 §7.3.4). */
  'update-accepts-unknown',
  /** Answers Update PDP Context with cause 128 but without the QoS Profile (TS 29.060 §7.3.4 Table 8: mandatory when accepted). */
  'update-no-qos',
  /**
   * Drops every GTPv1-C message that carries an extension header, whatever its type (as osmo-ggsn
   * 1.9 does: TS 29.060 §6.1 says a "comprehension not required" type such as 0x02 is skipped).
   */
  'drop-extension-headers',
  /** Routes nothing between its own PDP contexts: MS-to-MS packets go out of Gi (TS 23.060 §9.3, TS 29.061 §11.2.1). */
  'no-ms-to-ms',
  /** Keeps the PDP contexts of an SGSN whose restart counter changed (TS 23.007 §18: they must be deleted). */
  'ignore-sgsn-restart',
  /** Sends no Echo Request on its paths, whatever its echo interval (TS 29.060 §7.2.1). */
  'no-echo',
  /**
   * Keys its response cache on peer and sequence number alone: a new request that reuses a
   * sequence number gets the answer to the old one (TS 29.060 §7.6 speaks of the same request).
   */
  'stale-response-cache',
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
