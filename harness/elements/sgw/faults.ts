/**
 * Ways the SGW stand-in can be told to misbehave, so every S11/S1-U scenario is shown to fail
 * against a broken element (the target file lists them under `faults`).
 */
export const SGW_FAULTS = [
  /** Never answers S11 requests other than Echo. */
  'silent',
  /** Create Session Response without the S1-U SGW F-TEID in the bearer context (TS 29.274 Table 7.2.2-2). */
  'missing-s1u-fteid',
  /** After a Modify Bearer Request to a new eNodeB F-TEID, keeps sending downlink to the old one. */
  'keep-old-enb',
  /** Switches the downlink path without an End Marker to the old eNodeB (TS 29.281 §7.3.2). */
  'no-end-marker',
  /** Announces its S1-U F-TEID with its S11 address (the wrong family where the two differ). */
  's1u-fteid-s11-address',
  /** Keeps the eNodeB's S1-U F-TEID on Release Access Bearers, so downlink still goes to it. */
  'keep-enb-on-release',
  /** Drops every uplink G-PDU instead of relaying it to the PGW. */
  'drop-uplink',
  /** Drops one uplink G-PDU in every 20 (5 %) instead of relaying it: a lossy S1-U → S5/S8-U relay. */
  'lossy-uplink',
  /** Sends no Error Indication for a G-PDU to an unknown TEID (TS 29.281 §7.3.1). */
  'no-error-indication',
  /** Answers Delete Session without asking the PGW (the PDN connection stays up there). */
  'no-delete-relay',
  /**
   * Accepts an E-UTRAN initial attach without ULI or Serving Network (TS 29.274 Table 7.2.1-1:
   * conditional-mandatory on S11), which a real SGW-C refuses with cause 103.
   */
  'accept-without-location',
] as const;

export type SgwFault = (typeof SGW_FAULTS)[number];

export function isSgwFault(f: string): f is SgwFault {
  return (SGW_FAULTS as readonly string[]).includes(f);
}
