/** Deliberate misbehaviours of the PCRF stand-in, each one a real PCRF could have. */
export const PCRF_FAULTS = [
  /** Completes the capabilities exchange, then never answers a Credit-Control Request. */
  'silent',
  /** Answers the CER with a CEA that lacks Origin-Host, which RFC 6733 §5.3.2 requires ({ Origin-Host }). */
  'cea-without-origin-host',
  /** Never answers a Device-Watchdog Request (RFC 6733 §5.5: the peer must then fail over). */
  'ignore-watchdog',
  /** Answers CCRs without Result-Code or Experimental-Result (TS 29.212 §5.6.3: one of them is required). */
  'cca-without-result-code',
  /** Authorizes the IP-CAN session but leaves Default-EPS-Bearer-QoS out of the CCA-I (TS 29.212 §4.5.1). */
  'no-default-bearer-qos',
] as const;

export type PcrfFault = (typeof PCRF_FAULTS)[number];
export const isPcrfFault = (f: string): f is PcrfFault => (PCRF_FAULTS as readonly string[]).includes(f);
