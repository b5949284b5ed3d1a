/** Deliberate misbehaviours of the PGW-U stand-in (target `faults:`), each caught by an Sxb scenario. */
export const PGW_U_FAULTS = [
  /** Answers no PFCP request. */
  'silent',
  /** Accepts session requests from a CP function that set up no association (TS 29.244 §6.2.6.1: cause 72). */
  'no-association-check',
  /** Leaves the F-TEID it chose out of the Created PDR (TS 29.244 §7.5.3.2). */
  'no-f-teid',
  /** Never answers a Router Solicitation on the user plane. */
  'no-ra',
  /** Keeps a deleted session (a Modification afterwards is accepted instead of cause 65). */
  'keep-deleted-sessions',
  /**
   * Reports a fixed Recovery Time Stamp (2026-01-01) instead of its start time: after a restart the
   * CP function cannot tell that its sessions are gone (TS 23.007 §19A).
   */
  'fixed-recovery-time-stamp',
  /**
   * Accepts a Create URR without its mandatory Reporting Triggers (TS 29.244 Table 7.5.2.4-1), which
   * a real UP function refuses with cause 66: the leniency that hid our PGW-C driver's omission.
   */
  'lenient-urr',
] as const;

export type PgwUFault = (typeof PGW_U_FAULTS)[number];

export function isPgwUFault(f: string): f is PgwUFault {
  return (PGW_U_FAULTS as readonly string[]).includes(f);
}
