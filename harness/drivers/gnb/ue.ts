import type { Plmn } from '../../protocol/common/plmn.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { kamf as deriveKamf, servingNetworkName } from '../../protocol/crypto5g/index.ts';
import {
  decode,
  decodeInner,
  encode,
  type MobileIdentity5gs,
  type NasMessage,
  NasSecurity5g,
  type SNssai,
  type UeSecurityCapability,
} from '../../protocol/nas/index.ts';
import { ngapMessage } from '../../protocol/ngap/index.ts';
import type { Gnb } from './gnb.ts';
import { Inbox } from './inbox.ts';
import type { DeregistrationOutcome, RegistrationOutcome, TranscriptEntry } from './outcomes.ts';
import { register } from './registration.ts';
import type { SuciProtection } from './suci.ts';
import type { UeEvent } from './ue-events.ts';

/**
 * A UE's subscription as its USIM holds it (TS 31.102): IMSI (the SUPI), K and OPc for MILENAGE
 * (TS 35.206), the SUCI protection scheme, and what the ME announces: its UE security capability
 * (TS 24.501 §9.11.3.54; by default 5G-EA0/128-5G-EA2 and 5G-IA0/128-5G-IA2, the algorithms this
 * harness implements), requested NSSAI and IMEISV.
 */
export interface UeProfile {
  imsi: string;
  /** The home PLMN (MCC and MNC digits split from the IMSI, TS 23.003 §2.2). */
  homePlmn: Plmn;
  k: Buffer;
  opc: Buffer;
  suci: SuciProtection;
  capability?: UeSecurityCapability;
  requestedNssai?: SNssai[];
  imeisv?: string;
}

export const DEFAULT_CAPABILITY: UeSecurityCapability = { ea: 0xa0, ia: 0xa0 };

/** What the UE read from one NAS-PDU. */
export interface ReadNas {
  message?: NasMessage;
  securityHeaderType: number;
  macValid?: boolean;
  problem?: string;
}

/**
 * One UE behind a gNB (TS 24.501): its NAS signalling connection (RAN and AMF UE NGAP IDs), its
 * 5G NAS security context, 5G-GUTI and PDU sessions. Procedures (registration.ts,
 * pdu-session.ts) send NAS through the gNB and read what the AMF sends back, one at a time.
 */
export class Ue5g {
  amfUeId?: number;
  security?: NasSecurity5g;
  /** KAMF of the last successful authentication (kept for the KgNB check until registered). */
  kamf?: Buffer;
  /** ngKSI of the native security context (TS 24.501 §9.11.3.32), 7 = none. */
  ngKsi = 7;
  guti?: Extract<MobileIdentity5gs, { type: '5g-guti' }>;
  /**
   * The highest SQN this USIM accepted (TS 33.102 §6.3.3), 48 bits as a number: a held UE keeps
   * no small Buffer (each pinned a slab of Node's 8 KiB buffer pool with the transient octets
   * around it, ~1.3 KB a UE in bench n2-memory).
   */
  sqnMs?: number;
  /** PDU session IDs this UE holds (the gNB keeps their N3 tunnels). */
  /**
   * Replaced, never grown in place: an array grown by push() reserves 17 slots, ~60 octets more per
   * held UE than the one or two IDs it holds.
   */
  pduSessionIds: readonly number[] = [];
  readonly transcript?: TranscriptEntry[];
  private inbox?: Inbox<UeEvent>;
  /** Set when the AMF released the UE's N2 context. */
  contextReleased = false;
  private nextPti = 1;

  constructor(
    readonly gnb: Gnb,
    readonly ranUeId: number,
    readonly profile: UeProfile,
    transcripts: boolean,
  ) {
    if (transcripts) this.transcript = [];
  }

  /** The serving network name for 5G AKA (TS 24.501 §9.12.1): from the PLMN of the cell. */
  get servingNetwork(): string {
    return servingNetworkName(this.gnb.options.plmn);
  }

  /** Takes an event from the gNB (NAS-PDUs and what the gNB did on N2 for this UE). */
  deliver(e: UeEvent): void {
    this.inbox ??= new Inbox();
    this.inbox.push(e);
  }

  next(ms: number, signal?: AbortSignal): Promise<UeEvent | undefined> {
    this.inbox ??= new Inbox();
    return this.inbox.next(ms, signal);
  }

  /** The procedure is over: what it left unread is dropped (a held UE keeps no buffers). */
  idle(): UeEvent[] {
    const left = this.inbox?.drain() ?? [];
    this.inbox = undefined;
    return left;
  }

  /** Procedure transaction identity for a UE-requested 5GSM procedure (TS 24.007 §11.2.3.1a: 1..254). */
  pti(): number {
    const p = this.nextPti;
    this.nextPti = p >= 254 ? 1 : p + 1;
    return p;
  }

  /** Sends the initial NAS message in Initial UE Message (TS 38.413 §8.6.1), plain. */
  sendInitial(m: NasMessage): void {
    const nas = encode(m);
    this.record('ul', 'InitialUEMessage', m, 0);
    this.gnb.link.send(
      ngapMessage('InitialUEMessage', {
        'RAN-UE-NGAP-ID': this.ranUeId,
        'NAS-PDU': nas,
        UserLocationInformation: this.gnb.userLocation(),
        RRCEstablishmentCause: 'mo-Signalling',
        UEContextRequest: 'requested',
      }),
      this.ranUeId,
    );
  }

  /**
   * Sends a NAS message in Uplink NAS Transport (§8.6.3): protected with the current context
   * (security header type `sht`, 2 by default; 0 sends it plain).
   */
  send(m: NasMessage, sht: 0 | 1 | 2 | 3 | 4 = 2): void {
    if (this.amfUeId === undefined) throw new Error('no AMF UE NGAP ID: the AMF has not answered this UE yet');
    const nas = sht === 0 || !this.security ? encode(m) : this.security.protect(m, sht);
    this.record('ul', 'UplinkNASTransport', m, this.security ? sht : 0);
    this.gnb.link.send(
      ngapMessage('UplinkNASTransport', {
        'AMF-UE-NGAP-ID': this.amfUeId,
        'RAN-UE-NGAP-ID': this.ranUeId,
        'NAS-PDU': nas,
        UserLocationInformation: this.gnb.userLocation(),
      }),
      this.ranUeId,
    );
  }

  /**
   * Reads a downlink NAS-PDU: a plain message as it is; a protected one opened with the current
   * security context (TS 24.501 §4.4.4: its MAC checked, deciphered). A Security Mode Command is
   * integrity protected with a new context (header type 3) and is read by the registration
   * procedure itself (it makes that context).
   */
  read(octets: Buffer, via: string): ReadNas {
    let outer: NasMessage;
    try {
      outer = decode(octets);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return this.noted(via, { securityHeaderType: -1, problem: `undecodable NAS-PDU: ${e.message}` });
    }
    if (outer.type !== 'security-protected') return this.noted(via, { message: outer, securityHeaderType: 0 });
    const sht = outer.securityHeaderType;
    if (!this.security) {
      let inner: NasMessage | undefined;
      try {
        inner = decodeInner(outer);
      } catch {
        inner = undefined;
      }
      return this.noted(via, {
        ...(inner ? { message: inner } : {}),
        securityHeaderType: sht,
        problem: 'protected, but the UE has no security context',
      });
    }
    const o = this.security.open(outer);
    return this.noted(via, {
      ...(o.message ? { message: o.message } : {}),
      securityHeaderType: sht,
      macValid: o.macValid,
      ...(o.error ? { problem: `undecodable inner message: ${o.error}` } : {}),
    });
  }

  private noted(via: string, r: ReadNas): ReadNas {
    this.transcript?.push({
      direction: 'dl',
      ngap: via,
      ...(r.message ? { nas: r.message } : {}),
      securityHeaderType: r.securityHeaderType,
      ...(r.macValid !== undefined ? { macValid: r.macValid } : {}),
      ...(r.problem ? { problem: r.problem } : {}),
    });
    return r;
  }

  record(direction: 'ul' | 'dl', ngap: string, nas: NasMessage | undefined, sht: number): void {
    this.transcript?.push({ direction, ngap, ...(nas ? { nas } : {}), securityHeaderType: sht });
  }

  /** Registration (TS 24.501 §5.5.1.2): see registration.ts. */
  register(o: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<RegistrationOutcome> {
    return register(this, o.timeoutMs ?? 5000, o.signal);
  }

  /** Makes the native 5G NAS security context of a Security Mode Command current (TS 33.501 §6.7.2). */
  activate(kamf: Buffer, integrity: number, ciphering: number): NasSecurity5g {
    this.security = new NasSecurity5g(kamf, integrity as 0 | 1 | 2 | 3, ciphering as 0 | 1 | 2 | 3, 'ue');
    return this.security;
  }

  /**
   * UE-originating deregistration, not switch-off (TS 24.501 §5.5.2.2): Deregistration Request
   * with the 5G-GUTI; the AMF answers Deregistration Accept and releases the N2 context (UE
   * Context Release Command, which the gNB completes).
   */
  async deregister(o: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<DeregistrationOutcome> {
    const ms = o.timeoutMs ?? 5000;
    if (!this.guti) return { kind: 'failed', reason: 'the UE holds no 5G-GUTI (not registered)' };
    // De-registration type (§9.11.3.20): switch off 0, re-registration not required, 3GPP access (1).
    this.send({
      protocol: '5gmm',
      type: 'deregistration-request-ue-originating',
      deregistrationType: 0x01,
      ngKsi: this.ngKsi,
      mobileIdentity: this.guti,
      ies: [],
    } as NasMessage);
    let accepted = false;
    for (;;) {
      const e = await this.next(ms, o.signal);
      if (!e) {
        this.idle();
        if (accepted) return { kind: 'deregistered', contextReleased: false };
        return { kind: 'timeout', waitingFor: 'Deregistration Accept' };
      }
      if (e.kind === 'context-released') {
        this.idle();
        this.gnb.forget(this);
        return accepted
          ? { kind: 'deregistered', contextReleased: true }
          : { kind: 'failed', reason: 'UE Context Release Command before Deregistration Accept' };
      }
      if (e.kind !== 'nas') continue;
      const r = this.read(e.octets, e.via);
      if (r.message?.type === 'deregistration-accept-ue-originating') {
        if (this.security && r.macValid === false)
          return { kind: 'failed', reason: 'Deregistration Accept MAC invalid' };
        accepted = true;
        this.guti = undefined;
      }
    }
  }
}

/** KAMF from KSEAF (TS 33.501 A.7) for this UE's SUPI and the ABBA the AMF sent. */
export function kamfOf(ue: Ue5g, kseaf: Buffer, abba: Buffer): Buffer {
  return deriveKamf(kseaf, ue.profile.imsi, abba);
}
