import type { Association } from '../../net/sctp/index.ts';
import type { HomeVector } from '../../protocol/crypto5g/index.ts';
import type { NasSecurity5g, SNssai, UeSecurityCapability } from '../../protocol/nas/index.ts';

/** One gNB's N2 association as the AMF holds it (TS 38.413 §8.7.1: NG Setup done or not). */
export interface GnbPeer {
  association: Association;
  setUp: boolean;
  name?: string;
}

/** The AMF's state of a UE's registration (TS 24.501 §5.1.3.2.1 5GMM states, as far as the stand-in needs). */
export type AmfUeState = 'authenticating' | 'securing' | 'setting-up' | 'registered' | 'deregistering';

/** A PDU session the AMF relays for a UE (TS 23.502 §4.3.2.2.1): its SM context at the SMF. */
export interface AmfPduSession {
  pduSessionId: number;
  dnn: string;
  sNssai: SNssai;
  /** The SMF's SM context (the Location of Create SM Context, TS 29.502 §5.2.2.2.1). */
  smContextRef?: string;
  /** Held by the AMF's own session management when it has no SMF (sm-local.ts): the UE's IPv4 address, our UL TEID. */
  local?: { ipv4?: string; ulTeid: number };
}

/** The UE context in the AMF (TS 23.501 §5.2; TS 33.501 §6.7 security context). */
export interface AmfUe {
  amfUeId: number;
  ranUeId: number;
  gnb: GnbPeer;
  state: AmfUeState;
  supi?: string;
  capability?: UeSecurityCapability;
  requestedNssai?: SNssai[];
  allowedNssai: SNssai[];
  /** ngKSI of the security context being made or in use (TS 24.501 §9.11.3.32). */
  ngKsi: number;
  vector?: HomeVector;
  authAttempts: number;
  kamf?: Buffer;
  security?: NasSecurity5g;
  /** 5G-TMSI of the 5G-GUTI given in Registration Accept (TS 23.003 §2.10). */
  tmsi?: number;
  sessions: Map<number, AmfPduSession>;
}
