/** Deliberate misbehaviours of the SMF stand-in (target `faults:`), each one a real SMF could have. */
export const SMF_FAULTS = [
  /** Grants every PDU session type as asked, whatever the DNN allows (TS 23.502 §4.3.2.2.1 step 10). */
  'ignore-dnn-policy',
  /** Falls back to one family on a single-family DNN without 5GSM cause #50/#51 (TS 24.501 §6.4.1.3). */
  'no-type-fallback-cause',
  /** Rejects a type the DNN does not allow with #50 "IPv4 only allowed" where #57/#58 are due (TS 24.501 §6.4.1.4.1). */
  'cause-50-for-type-only',
  /** Rejects every PDU session with 5GSM cause #26 "insufficient resources" (TS 24.501 §6.4.1.4.1). */
  'reject-all',
  /** Answers every Create SM Context with 500 SYSTEM_FAILURE (TS 29.502 §5.2.2.2.1, TS 29.500 §5.2.7.2). */
  'n11-5xx',
  /** Accepts PDU sessions without setting up their N4 session on the UPF (TS 23.502 §4.3.2.2.1 step 10a). */
  'no-n4-session',
  /** Sends no Router Advertisement, solicited or not (TS 23.501 §5.8.2.2.2). */
  'no-ra',
  /** Releases the SM context without SmContextStatusNotify to the AMF (TS 29.502 §5.2.2.5, TS 23.502 §4.3.4.2 step 11). */
  'no-status-notify',
  /** Sends the Router Advertisement's prefix with L = 1 (TS 29.061 §11.2.1.3.2a: L = 0 on a PDU session). */
  'ra-on-link',
  /** DHCPv6 prefix delegation without PD_EXCLUDE although the UE asked for it (RFC 6603 §4.1). */
  'pd-no-exclude',
  /** Leaves the PREF64 option out of the Router Advertisement on a DNN that declares pref64 (RFC 8781). */
  'ra-no-pref64',
  /** As V-SMF: gives the gNB the H-UPF's N9 F-TEID as the UL tunnel, leaving its V-UPF out of the path (TS 23.502 §4.3.2.2.2 step 15). */
  'hcn-on-n3',
  /** As V-SMF: answers a UE's PDU Session Release Request itself, without Nsmf_PDUSession_Update to the H-SMF (TS 23.502 §4.3.4.3 step 1a). */
  'release-without-n16',
  /** As H-SMF: acknowledges the V-SMF's Update with UE_REQ_PDU_SES_REL and never releases (TS 23.502 §4.3.4.3 steps 2-3). */
  'ignore-n16-update',
] as const;

export type SmfFault = (typeof SMF_FAULTS)[number];

export function isSmfFault(f: string): f is SmfFault {
  return (SMF_FAULTS as readonly string[]).includes(f);
}
