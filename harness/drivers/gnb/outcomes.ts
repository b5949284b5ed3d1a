import type { Pco } from '../../protocol/common/pco.ts';
import type { MobileIdentity5gs, NasMessage, QosRule, SessionAmbr, SNssai } from '../../protocol/nas/index.ts';
import type { Cause, NgapMessage, TransportLayerAddress } from '../../protocol/ngap/index.ts';

/** An S-NSSAI (TS 23.003 §28.4.2): slice/service type and an optional slice differentiator. */
export interface Slice {
  sst: number;
  sd?: number;
}

/** What became of NG Setup (TS 38.413 §8.7.1). */
export type NgSetupOutcome =
  | { kind: 'accepted'; message: NgapMessage }
  | { kind: 'rejected'; message: NgapMessage; cause: Cause | undefined }
  | { kind: 'timeout'; reason: string }
  | { kind: 'no-association'; reason: string };

/**
 * One message of a UE's exchange, as the UE saw it: direction, the NGAP message that carried it,
 * the NAS message (decoded, deciphered), its security header type and whether its MAC verified.
 */
export interface TranscriptEntry {
  direction: 'ul' | 'dl';
  ngap: string;
  nas?: NasMessage;
  securityHeaderType?: number;
  macValid?: boolean;
  /** A NAS-PDU the UE could not read (undecodable, or protected with no context). */
  problem?: string;
}

/** What the UE checked in the AMF's Security Mode Command (TS 24.501 §5.4.2.3, TS 33.501 §6.7.2). */
export interface SecurityModeSeen {
  securityHeaderType: number;
  macValid: boolean;
  integrity: number;
  ciphering: number;
  /** The replayed UE security capabilities equal what the UE sent (§5.4.2.3). */
  replayedCapabilitiesMatch: boolean;
  imeisvRequested: boolean;
}

/** What the gNB received in Initial Context Setup Request (TS 38.413 §9.2.2.1) for this UE. */
export interface ContextSetupSeen {
  /** The uplink NAS COUNT whose KgNB (TS 33.501 A.9) from the UE's KAMF equals the Security Key; undefined: none matched. */
  securityKeyCount?: number;
  allowedNssai: Slice[];
  carriedNas: boolean;
}

export type RegistrationOutcome =
  | {
      kind: 'registered';
      guti?: Extract<MobileIdentity5gs, { type: '5g-guti' }>;
      allowedNssai: SNssai[];
      securityMode: SecurityModeSeen;
      contextSetup?: ContextSetupSeen;
      /** Security header type and MAC check of the Registration Accept. */
      acceptProtection: { securityHeaderType: number; macValid: boolean };
      ms: number;
    }
  | { kind: 'rejected'; cause: number; stage: string; protected: boolean }
  | { kind: 'authentication-rejected' }
  | { kind: 'failed'; reason: string; stage: string }
  | { kind: 'timeout'; waitingFor: string };

export type PduSessionType = 'ipv4' | 'ipv6' | 'ipv4v6';
export const PDU_SESSION_TYPE: Readonly<Record<PduSessionType, number>> = { ipv4: 1, ipv6: 2, ipv4v6: 3 };
export const PDU_SESSION_TYPE_NAME: Readonly<Record<number, PduSessionType>> = { 1: 'ipv4', 2: 'ipv6', 3: 'ipv4v6' };

/** The N3 tunnel of a PDU session as the gNB set it up (TS 38.413 §9.3.4.1-2). */
export interface N3Tunnel {
  upf: TransportLayerAddress;
  ulTeid: number;
  dlTeid: number;
  qfis: number[];
  /** The PDU Session Type IE of the setup request transfer. */
  n2Type?: string;
}

export type PduSessionOutcome =
  | {
      kind: 'accepted';
      pduSessionId: number;
      /** Selected PDU session type (TS 24.501 §9.11.4.11). */
      type: PduSessionType | number;
      /** 5GSM cause in the accept (#50/#51 when one family of IPv4v6 was refused, §6.4.1.3). */
      cause?: number;
      interfaceId?: string;
      ipv4?: string;
      qosRules: QosRule[];
      sessionAmbr: SessionAmbr;
      epco?: Pco;
      dnn?: string;
      n3?: N3Tunnel;
      /** Security header type and MAC check of the DL NAS Transport that carried the accept. */
      protection: { securityHeaderType: number; macValid: boolean };
      ms: number;
    }
  | { kind: 'rejected'; pduSessionId: number; cause: number; backOff?: boolean }
  /** The AMF did not forward the 5GSM message (TS 24.501 §5.4.5.3.3: 5GMM cause in DL NAS Transport). */
  | { kind: 'not-forwarded'; pduSessionId: number; cause: number }
  | { kind: 'failed'; pduSessionId: number; reason: string }
  | { kind: 'timeout'; pduSessionId: number; waitingFor: string };

export type ReleaseOutcome =
  | { kind: 'released'; cause?: number; n2Released: boolean }
  | { kind: 'failed'; reason: string }
  | { kind: 'timeout'; waitingFor: string };

export type DeregistrationOutcome =
  | { kind: 'deregistered'; contextReleased: boolean }
  | { kind: 'failed'; reason: string }
  | { kind: 'timeout'; waitingFor: string };
