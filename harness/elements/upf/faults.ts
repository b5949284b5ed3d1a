/** Deliberate misbehaviours of the UPF stand-in (target `faults:`), each caught by an N4/N3 scenario. */
export const UPF_FAULTS = [
  /** Answers no PFCP request. */
  'silent',
  /** Accepts session requests from an SMF that set up no association (TS 29.244 §6.2.6.1: cause 72). */
  'no-association-check',
  /** Leaves the F-TEID it chose out of the Created PDR (TS 29.244 §7.5.3.2). */
  'no-f-teid',
  /** Leaves the UE IP address it chose (CHV4/CHV6) out of the Created PDR (TS 29.244 §5.21.1). */
  'no-ue-ip-choose',
  /** Keeps a deleted session (a Modification afterwards is accepted instead of cause 65). */
  'keep-deleted-sessions',
  /** Keeps the sessions of an SMF that released its association (TS 29.244 §6.2.8.2). */
  'keep-sessions-on-release',
  /** Keeps the sessions of an SMF that sets up its association again after a restart (TS 29.244 §6.2.6.2.3, TS 23.007 §19A). */
  'keep-sessions-on-smf-restart',
  /** Reports a fixed Recovery Time Stamp instead of its start time (TS 23.007 §19A). */
  'fixed-recovery-time-stamp',
  /** Sends no Error Indication for a G-PDU to an unknown TEID (TS 29.281 §7.3.1). */
  'no-error-indication',
  /** Sends downlink G-PDUs on N3 without the PDU Session Container (TS 38.415 §5.5.2: QFI). */
  'no-qfi',
  /** Puts QFI + 1 in the downlink PDU Session Container. */
  'wrong-qfi',
  /** Does not forward Router Solicitations to the CP function (no RA reaches the UE, TS 23.501 §5.8.2.2.2). */
  'no-rs-forwarding',
  /** Drops uplink packets toward N6. */
  'no-n6',
  /** Sends a packet for another PDU session of this UPF out of N6 instead of to that session (no UE-to-UE). */
  'no-ue-to-ue',
  /** Keeps the old downlink F-TEID when a Modification moves it (TS 29.244 §7.5.4, Update FAR). */
  'ignore-update-far',
  /** Accepts an Update QER but keeps its gates open (TS 29.244 §5.4.2, Gate Status §8.2.7). */
  'ignore-gate-status',
  /** Takes a UE IP Address with IPv6D as its /64 only: a prefix delegated by DHCPv6 is not routed (TS 29.244 §8.2.62). */
  'ignore-ipv6-delegation',
] as const;

export type UpfFault = (typeof UPF_FAULTS)[number];

export function isUpfFault(f: string): f is UpfFault {
  return (UPF_FAULTS as readonly string[]).includes(f);
}
