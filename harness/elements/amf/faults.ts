/** Deliberate misbehaviours of the AMF stand-in, each one a real AMF could have. */
export const AMF_FAULTS = [
  /** Accepts the SCTP association, then answers nothing on N2 (no NG Setup Response). */
  'n2-silent',
  /** Answers NG Setup with NG Setup Failure (cause misc unspecified, TS 38.413 §8.7.1.3). */
  'ng-setup-failure',
  /** Rejects every registration with 5GMM cause #7 "5GS services not allowed" (TS 24.501 §5.5.1.2.5). */
  'reject-registration',
  /** Sends the Security Mode Command with a MAC that is not the one of 128-NIA2 over it (TS 33.501 §6.7.2). */
  'wrong-mac',
  /** Skips the security mode control: Registration Accept right after authentication, unprotected. */
  'no-security-mode',
  /** Replays other UE security capabilities than the UE sent (TS 24.501 §5.4.2.3 bidding-down). */
  'wrong-replayed-capabilities',
  /** Selects 128-NIA0 (null integrity) for a normal registration (TS 33.501 §5.5.2). */
  'null-integrity',
  /** Puts a Security Key in Initial Context Setup that is not KgNB of the UE's KAMF (TS 33.501 A.9). */
  'wrong-security-key',
  /** Registration Accept without a 5G-GUTI (TS 24.501 §5.5.1.2.4). */
  'no-guti',
  /** Answers every N1 SM message with DL NAS Transport 5GMM cause #90 "payload was not forwarded". */
  'drop-n1-sm',
  /** Relays the PDU Session Establishment Accept in DL NAS Transport without setting up N2 PDU session resources. */
  'no-pdu-session-resources',
  /** Without an SMF: grants every PDU session type as asked, whatever the DNN allows (TS 23.502 §4.3.2.2.1). */
  'ignore-dnn-policy',
  /** Without an SMF: falls back to one family on a single-family DNN without 5GSM cause #50/#51 (TS 24.501 §6.4.1.3). */
  'no-type-fallback-cause',
  /** Answers no NGAP message for an unknown UE NGAP ID with Error Indication (TS 38.413 §10.6). */
  'no-error-indication',
  /** Accepts the UE's deregistration but never releases the UE's N2 context (TS 24.501 §5.5.2.2.2). */
  'keep-context-after-deregistration',
] as const;

export type AmfFault = (typeof AMF_FAULTS)[number];
export const isAmfFault = (f: string): f is AmfFault => (AMF_FAULTS as readonly string[]).includes(f);
