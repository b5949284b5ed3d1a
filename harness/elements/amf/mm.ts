import { hresStar, kamf, kgnb, servingNetworkName } from '../../protocol/crypto5g/index.ts';
import type { Plmn } from '../../protocol/common/plmn.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import {
  decode,
  decodeInner,
  findIe,
  type NasMessage,
  NasSecurity5g,
  PAYLOAD_CONTAINER_TYPE,
  type SNssai,
  type UeSecurityCapability,
} from '../../protocol/nas/index.ts';
import { type IeValues, ngapMessage, type NgapMessage } from '../../protocol/ngap/index.ts';
import type { AmfFault } from './faults.ts';
import type { AmfUe, GnbPeer } from './ue-context.ts';
import type { Udm } from './udm.ts';

type Mm<T extends string> = Extract<NasMessage, { protocol: '5gmm'; type: T }>;

/** What the 5GMM handlers use of the AMF. */
export interface MmHost {
  readonly opts: {
    plmn: Plmn;
    tacs: readonly number[];
    slices: readonly SNssai[];
    integrity?: readonly number[];
    ciphering?: readonly number[];
  };
  readonly udm: Udm;
  readonly guami: { plmnIdentity: Plmn; amfRegionId: number; amfSetId: number; amfPointer: number };
  has(f: AmfFault): boolean;
  send(gnb: GnbPeer, m: NgapMessage, ranUeId?: number): void;
  sendNas(ue: AmfUe, m: NasMessage, sht?: 0 | 1 | 2 | 3 | 4): void;
  nasPdu(ue: AmfUe, m: NasMessage, sht?: 0 | 1 | 2 | 3 | 4): Buffer;
  releaseContext(ue: AmfUe, cause: 'normal-release' | 'deregister' | 'authentication-failure' | 'unspecified'): void;
  allocateTmsi(): number;
  releaseSessions(ue: AmfUe): Promise<void>;
  /** An N1 SM message in UL NAS Transport: relayed to the SMF (sm-relay.ts). */
  n1Sm(ue: AmfUe, t: Mm<'ul-nas-transport'>): void;
}

const plain = (m: Record<string, unknown>) => ({ protocol: '5gmm', ies: [], ...m }) as unknown as NasMessage;

/**
 * A NAS-PDU from the UE (Initial UE Message or Uplink NAS Transport): opened with the UE's
 * security context when protected (a MAC that does not verify is discarded, TS 24.501 §4.4.4.3),
 * then handled by message type.
 */
export function onUplinkNas(amf: MmHost, ue: AmfUe, octets: Buffer, initial: boolean): void {
  let m: NasMessage;
  try {
    m = decode(octets);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    // §7.2: a message too short or malformed is ignored; 5GMM STATUS #96 answers a bad mandatory IE.
    amf.sendNas(ue, plain({ type: '5gmm-status', cause: 96 }), 0);
    return;
  }
  if (m.type === 'security-protected') {
    if (ue.security) {
      const o = ue.security.open(m);
      if (!o.macValid || !o.message) return;
      m = o.message;
    } else {
      // Protected without a context we hold: only an integrity-protected message can be read (§4.4.4.3).
      const inner = decodeInnerSafe(m);
      if (!inner) {
        if (initial) reject(amf, ue, 9);
        return;
      }
      m = inner;
    }
  }
  if (m.protocol !== '5gmm') return;
  switch (m.type) {
    case 'registration-request':
      return registrationRequest(amf, ue, m as Mm<'registration-request'>);
    case 'authentication-response':
      return authenticationResponse(amf, ue, m as Mm<'authentication-response'>);
    case 'authentication-failure':
      return authenticationFailure(amf, ue, m as Mm<'authentication-failure'>);
    case 'security-mode-complete':
      return securityModeComplete(amf, ue, m as Mm<'security-mode-complete'>);
    case 'security-mode-reject':
      amf.releaseContext(ue, 'unspecified');
      return;
    case 'registration-complete':
      if (ue.state === 'setting-up') ue.state = 'registered';
      return;
    case 'ul-nas-transport': {
      const t = m as Mm<'ul-nas-transport'>;
      if (ue.state !== 'registered' && ue.state !== 'setting-up') return;
      if (t.payloadContainerType === PAYLOAD_CONTAINER_TYPE['n1-sm']) amf.n1Sm(ue, t);
      return;
    }
    case 'deregistration-request-ue-originating':
      void deregistration(amf, ue);
      return;
    default:
      return;
  }
}

function decodeInnerSafe(m: Extract<NasMessage, { type: 'security-protected' }>): NasMessage | undefined {
  try {
    return decodeInner(m);
  } catch {
    return undefined;
  }
}

function reject(amf: MmHost, ue: AmfUe, cause: number): void {
  amf.sendNas(ue, plain({ type: 'registration-reject', cause }), ue.security ? 2 : 0);
  amf.releaseContext(ue, 'unspecified');
}

/** Registration Request (TS 24.501 §5.5.1.2.2): SUCI → SUPI (SIDF), then 5G AKA (TS 33.501 §6.1.3.2). */
function registrationRequest(amf: MmHost, ue: AmfUe, m: Mm<'registration-request'>): void {
  if (amf.has('reject-registration')) return reject(amf, ue, 7);
  const supi = amf.udm.supiOf(m.mobileIdentity);
  // §5.5.1.2.5: #9 "UE identity cannot be derived by the network" (a GUTI we never gave, a SUCI we cannot open).
  if (typeof supi !== 'string') return reject(amf, ue, 9);
  ue.supi = supi;
  ue.capability = findIe(m, 'ue-security-capability')?.value;
  const requested = findIe(m, 'requested-nssai')?.value;
  if (requested) ue.requestedNssai = requested;
  // TS 29.509 USER_NOT_FOUND from the AUSF: the AMF rejects with #7 "5GS services not allowed".
  if (!amf.udm.keys(supi) || !ue.capability) return reject(amf, ue, ue.capability ? 7 : 96);
  ue.ngKsi = (m.ngKsi & 0x07) === 0 ? 1 : 0;
  authenticate(amf, ue);
}

function authenticate(amf: MmHost, ue: AmfUe): void {
  const v = amf.udm.vector(ue.supi!, servingNetworkName(amf.opts.plmn));
  if (!v) return reject(amf, ue, 7);
  ue.vector = v;
  ue.authAttempts++;
  ue.state = 'authenticating';
  amf.sendNas(
    ue,
    plain({
      type: 'authentication-request',
      ngKsi: ue.ngKsi,
      abba: Buffer.from([0, 0]),
      ies: [
        { ie: 'rand', value: v.rand },
        { ie: 'autn', value: v.autn },
      ],
    }),
    0,
  );
}

/**
 * Authentication Response (TS 33.501 §6.1.3.2 steps 8-12): the SEAF compares HRES* with HXRES*,
 * the AUSF RES* with XRES*; then KSEAF → KAMF and the security mode control.
 */
function authenticationResponse(amf: MmHost, ue: AmfUe, m: Mm<'authentication-response'>): void {
  const v = ue.vector;
  const res = findIe(m, 'authentication-response-parameter')?.value;
  if (ue.state !== 'authenticating' || !v) return;
  if (!res || !hresStar(v.rand, res).equals(v.hxresStar) || !res.equals(v.xresStar)) {
    amf.sendNas(ue, plain({ type: 'authentication-reject' }), 0);
    amf.releaseContext(ue, 'authentication-failure');
    return;
  }
  ue.kamf = kamf(v.kseaf, ue.supi!, Buffer.from([0, 0]));
  if (amf.has('no-security-mode')) {
    // Broken: straight on to the Registration Accept, no NAS security at all.
    ue.state = 'setting-up';
    contextSetup(amf, ue, 0);
    return;
  }
  securityModeCommand(amf, ue);
}

/** Authentication Failure (TS 24.501 §5.4.1.3.7): #21 resynchronises with AUTS and retries once; else reject. */
function authenticationFailure(amf: MmHost, ue: AmfUe, m: Mm<'authentication-failure'>): void {
  const auts = findIe(m, 'authentication-failure-parameter')?.value;
  if (m.cause === 21 && auts && ue.vector && ue.authAttempts < 3 && amf.udm.resync(ue.supi!, ue.vector.rand, auts))
    return authenticate(amf, ue);
  amf.sendNas(ue, plain({ type: 'authentication-reject' }), 0);
  amf.releaseContext(ue, 'authentication-failure');
}

/** The first algorithm of the AMF's preference the UE supports (TS 33.501 §6.7.1); bit 8 of a capability octet is algorithm 0. */
function select(preference: readonly number[], capability: number): number | undefined {
  return preference.find((a) => (capability & (0x80 >> a)) !== 0);
}

/**
 * Security Mode Command (TS 24.501 §5.4.2.2, TS 33.501 §6.7.2): the selected algorithms, ngKSI
 * and the replayed UE security capabilities, integrity protected with the new context (header
 * type 3, downlink COUNT 0); IMEISV requested.
 */
function securityModeCommand(amf: MmHost, ue: AmfUe): void {
  const cap = ue.capability!;
  const integrity = amf.has('null-integrity') ? 0 : select(amf.opts.integrity ?? [2], cap.ia);
  const ciphering = select(amf.opts.ciphering ?? [2, 0], cap.ea);
  if (integrity === undefined || ciphering === undefined) return reject(amf, ue, 23);
  ue.security = new NasSecurity5g(ue.kamf!, integrity as 0 | 2, ciphering as 0 | 2, 'network');
  ue.state = 'securing';
  const replayed: UeSecurityCapability = amf.has('wrong-replayed-capabilities')
    ? { ...cap, ea: cap.ea & 0x80, ia: cap.ia & 0x80 }
    : cap;
  const smc = plain({
    type: 'security-mode-command',
    selectedNasSecurityAlgorithms: (ciphering << 4) | integrity,
    ngKsi: ue.ngKsi,
    replayedUeSecurityCapabilities: replayed,
    ies: [
      { ie: 'imeisv-request', value: 1 },
      { ie: 'abba', value: Buffer.from([0, 0]) },
    ],
  });
  let pdu = amf.nasPdu(ue, smc, 3);
  if (amf.has('wrong-mac')) {
    pdu = Buffer.from(pdu);
    pdu[2] ^= 0x5a;
  }
  amf.send(
    ue.gnb,
    ngapMessage('DownlinkNASTransport', { 'AMF-UE-NGAP-ID': ue.amfUeId, 'RAN-UE-NGAP-ID': ue.ranUeId, 'NAS-PDU': pdu }),
    ue.ranUeId,
  );
}

/**
 * Security Mode Complete (TS 24.501 §5.4.2.3): integrity protected and ciphered with the new
 * context; its NAS message container holds the whole Registration Request (§4.4.6), whose
 * requested NSSAI decides the allowed NSSAI. Then Registration Accept in Initial Context Setup.
 */
function securityModeComplete(amf: MmHost, ue: AmfUe, m: Mm<'security-mode-complete'>): void {
  if (ue.state !== 'securing') return;
  const container = findIe(m, 'nas-message-container')?.value;
  if (container) {
    try {
      const full = decode(container);
      const requested =
        full.type === 'registration-request'
          ? findIe(full as Mm<'registration-request'>, 'requested-nssai')?.value
          : undefined;
      if (requested) ue.requestedNssai = requested;
    } catch {
      // A container that does not decode: the cleartext IEs are what we have (§4.4.6).
    }
  }
  ue.state = 'setting-up';
  contextSetup(amf, ue, ue.security!.receiveCount - 1);
}

/** S-NSSAIs of the request that this AMF serves, or all it serves when none was requested (TS 23.501 §5.15.5.2.1). */
function allowed(amf: MmHost, ue: AmfUe): SNssai[] {
  const served = amf.opts.slices;
  const req = ue.requestedNssai;
  if (!req?.length) return served.map((s) => ({ ...s }));
  return req.filter((r) => served.some((s) => s.sst === r.sst && (s.sd ?? -1) === (r.sd ?? -1)));
}

/**
 * Registration Accept (TS 24.501 §5.5.1.2.4) with the 5G-GUTI, TAI list and allowed NSSAI, in
 * Initial Context Setup Request (TS 38.413 §8.3.1) with KgNB from KAMF and the uplink NAS COUNT
 * (TS 33.501 A.9), the GUAMI and the UE's security capabilities for NR.
 */
function contextSetup(amf: MmHost, ue: AmfUe, uplinkCount: number): void {
  ue.allowedNssai = allowed(amf, ue);
  ue.tmsi = amf.allocateTmsi();
  const g = amf.guami;
  const accept = plain({
    type: 'registration-accept',
    // §9.11.3.6: 3GPP access.
    registrationResult: Buffer.from([0x01]),
    ies: [
      ...(amf.has('no-guti')
        ? []
        : [
            {
              ie: '5g-guti',
              value: {
                type: '5g-guti',
                plmn: amf.opts.plmn,
                amfRegionId: g.amfRegionId,
                amfSetId: g.amfSetId,
                amfPointer: g.amfPointer,
                tmsi: ue.tmsi,
              },
            },
          ]),
      { ie: 'tai-list', value: taiList(amf.opts.plmn, amf.opts.tacs) },
      { ie: 'allowed-nssai', value: ue.allowedNssai },
    ],
  });
  const key = kgnb(ue.kamf!, amf.has('wrong-security-key') ? uplinkCount + 7 : uplinkCount);
  const cap = ue.capability!;
  const values: IeValues = {
    'AMF-UE-NGAP-ID': ue.amfUeId,
    'RAN-UE-NGAP-ID': ue.ranUeId,
    GUAMI: g,
    AllowedNSSAI: (ue.allowedNssai.length ? ue.allowedNssai : amf.opts.slices).map((s) => ({
      sNssai: { sst: s.sst, ...(s.sd === undefined ? {} : { sd: s.sd }) },
    })),
    // TS 38.413 §9.3.1.86: NR algorithm bits from 128-NEA1/NIA1 (first bit) on, i.e. 5G-EA1..3 of the NAS octet.
    UESecurityCapabilities: {
      nrEncryptionAlgorithms: (cap.ea & 0x70) << 9,
      nrIntegrityProtectionAlgorithms: (cap.ia & 0x70) << 9,
      eutraEncryptionAlgorithms: ((cap.eea ?? 0) & 0x70) << 9,
      eutraIntegrityProtectionAlgorithms: ((cap.eia ?? 0) & 0x70) << 9,
    },
    SecurityKey: { data: key, length: 256 },
    'NAS-PDU': amf.nasPdu(ue, accept, ue.security ? 2 : 0),
  };
  amf.send(ue.gnb, ngapMessage('InitialContextSetupRequest', values), ue.ranUeId);
}

/** 5GS TAI list (TS 24.501 §9.11.3.9), type 00: TACs of one PLMN. */
function taiList(plmn: Plmn, tacs: readonly number[]): Buffer {
  const list = tacs.slice(0, 16);
  const b = Buffer.alloc(4 + 3 * list.length);
  b[0] = (list.length - 1) & 0x1f;
  const mcc = plmn.mcc;
  const mnc = plmn.mnc;
  b[1] = ((mcc.charCodeAt(1) - 48) << 4) | (mcc.charCodeAt(0) - 48);
  b[2] = ((mnc.length === 3 ? mnc.charCodeAt(2) - 48 : 0xf) << 4) | (mcc.charCodeAt(2) - 48);
  b[3] = ((mnc.charCodeAt(1) - 48) << 4) | (mnc.charCodeAt(0) - 48);
  list.forEach((t, i) => b.writeUIntBE(t, 4 + 3 * i, 3));
  return b;
}

/**
 * UE-originating deregistration (TS 24.501 §5.5.2.2.2, TS 23.502 §4.2.2.3.2): the SM contexts are
 * released at the SMF, Deregistration Accept, then UE Context Release Command (cause deregister).
 */
async function deregistration(amf: MmHost, ue: AmfUe): Promise<void> {
  ue.state = 'deregistering';
  await amf.releaseSessions(ue);
  amf.sendNas(ue, plain({ type: 'deregistration-accept-ue-originating' }));
  if (!amf.has('keep-context-after-deregistration')) amf.releaseContext(ue, 'deregister');
}
