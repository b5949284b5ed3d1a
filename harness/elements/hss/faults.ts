/** Deliberate misbehaviours of the HSS stand-in, each one a real HSS could have. */
export const HSS_FAULTS = [
  /** Sends another PDN type than the subscriber's (IPv4 → IPv6 → IPv4v6 → IPv4), TS 29.272 §7.3.62. */
  'wrong-pdn-type',
  /** Accepts the Update Location from any visited PLMN (no 5004, TS 29.272 §5.2.1.1.3). */
  'ignore-roaming-restriction',
  /** Puts 5004 in Result-Code instead of a vendor 10415 Experimental-Result (TS 29.272 §7.4.3). */
  'result-code-for-roaming',
  /** Completes the capabilities exchange, then never answers an Update Location Request. */
  'silent',
  /** Answers the CER with a CEA that lacks Origin-Host, which RFC 6733 §5.3.2 requires ({ Origin-Host }). */
  'cea-without-origin-host',
] as const;

export type HssFault = (typeof HSS_FAULTS)[number];
export const isHssFault = (f: string): f is HssFault => (HSS_FAULTS as readonly string[]).includes(f);
