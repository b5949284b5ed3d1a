import { kgnb, ueAuthenticate } from '../../protocol/crypto5g/index.ts';
import {
  decode as decodeNas,
  encode as encodeNas,
  findIe,
  type NasMessage,
  REGISTRATION_TYPE,
} from '../../protocol/nas/index.ts';
import type { ContextSetupSeen, RegistrationOutcome, SecurityModeSeen } from './outcomes.ts';
import { suciOf } from './suci.ts';
import { DEFAULT_CAPABILITY, kamfOf, type Ue5g } from './ue.ts';

type Mm<T extends string> = Extract<NasMessage, { protocol: '5gmm'; type: T }>;

/**
 * Initial registration (TS 24.501 §5.5.1.2, TS 23.502 §4.2.2.2.2) from the UE's side:
 *   Registration Request with the SUCI and only the cleartext IEs (§4.4.6) in Initial UE Message;
 *   5G AKA (TS 33.501 §6.1.3.2): AUTN checked, RES* answered, or Authentication Failure with
 *     #20 (MAC failure) or #21 and AUTS (synch failure);
 *   Security Mode Command (integrity protected with the new context, §5.4.2): the NAS keys of the
 *     selected algorithms, MAC and replayed capabilities checked; Security Mode Complete, integrity
 *     protected and ciphered, carrying the whole Registration Request in the NAS message container
 *     (§4.4.6) and the IMEISV when asked;
 *   Registration Accept (usually in Initial Context Setup Request): Registration Complete.
 * Anything else the AMF answers ends the procedure with what it was.
 */
export async function register(ue: Ue5g, ms: number, signal?: AbortSignal): Promise<RegistrationOutcome> {
  const t0 = performance.now();
  const p = ue.profile;
  const capability = p.capability ?? DEFAULT_CAPABILITY;
  const identity = ue.guti ?? suciOf(p.imsi, p.homePlmn, p.suci);
  const registrationType = REGISTRATION_TYPE.initial;
  const full = {
    protocol: '5gmm',
    type: 'registration-request',
    registrationType,
    ngKsi: ue.ngKsi,
    mobileIdentity: identity,
    ies: [
      { ie: 'ue-security-capability', value: capability },
      ...(p.requestedNssai?.length ? [{ ie: 'requested-nssai', value: p.requestedNssai }] : []),
    ],
  } as NasMessage;
  const cleartext = {
    ...full,
    ies: [{ ie: 'ue-security-capability', value: capability }],
  } as NasMessage;
  ue.sendInitial(cleartext);

  let stage = 'Authentication Request or Security Mode Command';
  let smc: SecurityModeSeen | undefined;
  let contextSetup: ContextSetupSeen | undefined;
  for (;;) {
    const e = await ue.next(ms, signal);
    if (!e) {
      ue.idle();
      return { kind: 'timeout', waitingFor: stage };
    }
    if (e.kind === 'context-setup') {
      contextSetup = {
        securityKeyCount: keyCount(ue, e.securityKey),
        allowedNssai: e.allowedNssai,
        carriedNas: e.carriedNas,
      };
      continue;
    }
    if (e.kind === 'context-released') {
      ue.idle();
      return { kind: 'failed', reason: 'the AMF released the UE context', stage };
    }
    if (e.kind !== 'nas') continue;
    if (smc === undefined && isNewContext(e.octets)) {
      const r = securityModeCommand(ue, e.octets, e.via, capability);
      if (r.kind === 'failed') {
        ue.idle();
        return { kind: 'failed', reason: r.reason, stage: 'Security Mode Command' };
      }
      smc = r.seen;
      // IMEISV (TS 23.003 §6.2.2): TAC, serial number from the IMSI, software version 01.
      const imeisv = p.imeisv ?? `35${p.imsi.slice(-12).padStart(12, '0')}01`;
      ue.send(
        {
          protocol: '5gmm',
          type: 'security-mode-complete',
          ies: [
            ...(smc.imeisvRequested ? [{ ie: 'imeisv', value: { type: 'imeisv', digits: imeisv } }] : []),
            { ie: 'nas-message-container', value: encodeNas(full) },
          ],
        } as NasMessage,
        4,
      );
      stage = 'Registration Accept';
      continue;
    }
    const r = ue.read(e.octets, e.via);
    const m = r.message;
    if (m?.protocol !== '5gmm') continue;
    switch (m.type) {
      case 'authentication-request': {
        const answer = authenticate(ue, m as Mm<'authentication-request'>);
        ue.send(answer, 0);
        stage = answer.type === 'authentication-response' ? 'Security Mode Command' : 'Authentication Request';
        continue;
      }
      case 'authentication-reject':
        ue.idle();
        return { kind: 'authentication-rejected' };
      case 'registration-reject':
        ue.idle();
        return {
          kind: 'rejected',
          cause: (m as Mm<'registration-reject'>).cause,
          stage,
          protected: r.securityHeaderType !== 0,
        };
      case 'registration-accept': {
        if (!smc) {
          ue.idle();
          return { kind: 'failed', reason: 'Registration Accept without a security mode control', stage };
        }
        if (r.macValid !== true) {
          ue.idle();
          return { kind: 'failed', reason: 'Registration Accept MAC invalid (TS 24.501 §4.4.4.2)', stage };
        }
        const accept = m as Mm<'registration-accept'>;
        const guti = findIe(accept, '5g-guti')?.value;
        // A held UE keeps the GUTI alone (not the message), its PLMN shared with the cell's when equal.
        if (guti?.type === '5g-guti') {
          const cell = ue.gnb.options.plmn;
          ue.guti =
            guti.plmn.mcc === cell.mcc && guti.plmn.mnc === cell.mnc && guti.plmn !== cell
              ? { ...guti, plmn: cell }
              : guti;
        }
        ue.send({ protocol: '5gmm', type: 'registration-complete', ies: [] } as NasMessage);
        ue.idle();
        ue.kamf = undefined;
        return {
          kind: 'registered',
          ...(ue.guti ? { guti: ue.guti } : {}),
          allowedNssai: findIe(accept, 'allowed-nssai')?.value ?? [],
          securityMode: smc,
          ...(contextSetup ? { contextSetup } : {}),
          acceptProtection: { securityHeaderType: r.securityHeaderType, macValid: r.macValid },
          ms: performance.now() - t0,
        };
      }
      default:
        continue;
    }
  }
}

/** The UE's answer to an Authentication Request (TS 33.501 §6.1.3.2 step 5, TS 24.501 §5.4.1.3.5). */
function authenticate(ue: Ue5g, m: Mm<'authentication-request'>): NasMessage {
  const rand = findIe(m, 'rand')?.value;
  const autn = findIe(m, 'autn')?.value;
  if (!rand || !autn || autn.length !== 16)
    // §5.4.1.3.7 d): no 5G AKA parameters the UE can use: "non-5G authentication unacceptable" is for EAP; #20 here.
    return { protocol: '5gmm', type: 'authentication-failure', cause: 20, ies: [] } as NasMessage;
  const sqnMs = ue.sqnMs === undefined ? undefined : Buffer.alloc(6);
  sqnMs?.writeUIntBE(ue.sqnMs!, 0, 6);
  const r = ueAuthenticate(ue.profile, ue.servingNetwork, rand, autn, sqnMs);
  if (!r.ok) {
    if (r.cause === 'mac-failure')
      return { protocol: '5gmm', type: 'authentication-failure', cause: 20, ies: [] } as NasMessage;
    return {
      protocol: '5gmm',
      type: 'authentication-failure',
      cause: 21,
      ies: [{ ie: 'authentication-failure-parameter', value: r.auts }],
    } as NasMessage;
  }
  ue.sqnMs = r.sqn.readUIntBE(0, 6);
  ue.kamf = kamfOf(ue, r.kseaf, m.abba);
  ue.ngKsi = m.ngKsi & 0x07;
  return {
    protocol: '5gmm',
    type: 'authentication-response',
    ies: [{ ie: 'authentication-response-parameter', value: r.resStar }],
  } as NasMessage;
}

/** A 5GMM message protected with a new security context (header type 3 or 4, §9.3.1). */
function isNewContext(octets: Buffer): boolean {
  return octets.length > 7 && octets[0] === 0x7e && ((octets[1] & 0x0f) === 3 || (octets[1] & 0x0f) === 4);
}

/**
 * Security Mode Command (TS 24.501 §5.4.2.3): read the inner message (integrity protected only),
 * make the context of its algorithms from KAMF, verify the MAC with downlink COUNT 0.
 */
function securityModeCommand(
  ue: Ue5g,
  octets: Buffer,
  via: string,
  sent: { ea: number; ia: number; eea?: number; eia?: number },
): { kind: 'ok'; seen: SecurityModeSeen } | { kind: 'failed'; reason: string } {
  const sht = octets[1] & 0x0f;
  if (!ue.kamf) {
    ue.read(octets, via);
    return { kind: 'failed', reason: 'Security Mode Command before a successful authentication' };
  }
  const inner = octets.subarray(7);
  let plain: NasMessage;
  try {
    plain = decodeNas(inner);
  } catch (e) {
    return { kind: 'failed', reason: `undecodable Security Mode Command: ${(e as Error).message}` };
  }
  if (plain.type !== 'security-mode-command') {
    ue.read(octets, via);
    return { kind: 'failed', reason: `${plain.type} with a new security context (header type ${sht})` };
  }
  const smc = plain as Mm<'security-mode-command'>;
  const algs = smc.selectedNasSecurityAlgorithms;
  const integrity = algs & 0x0f;
  const ciphering = algs >> 4;
  if ((integrity !== 0 && integrity !== 2) || (ciphering !== 0 && ciphering !== 2)) {
    ue.send({ protocol: '5gmm', type: 'security-mode-reject', cause: 23, ies: [] } as NasMessage, 0);
    return { kind: 'failed', reason: `selected 128-NIA${integrity}/NEA${ciphering}: this UE has NIA0/2 and NEA0/2` };
  }
  ue.activate(ue.kamf, integrity, ciphering);
  const r = ue.read(octets, via);
  const replayed = smc.replayedUeSecurityCapabilities;
  const seen: SecurityModeSeen = {
    securityHeaderType: sht,
    macValid: r.macValid === true,
    integrity,
    ciphering,
    replayedCapabilitiesMatch:
      replayed.ea === sent.ea &&
      replayed.ia === sent.ia &&
      (replayed.eea ?? 0) === (sent.eea ?? 0) &&
      (replayed.eia ?? 0) === (sent.eia ?? 0),
    imeisvRequested: (findIe(smc, 'imeisv-request')?.value ?? 0) === 1,
  };
  ue.ngKsi = smc.ngKsi & 0x07;
  if (!seen.macValid || !seen.replayedCapabilitiesMatch) {
    ue.security = undefined;
    // §5.4.2.5: the UE rejects a command it cannot accept; #23 for a capability mismatch, else #24.
    ue.send(
      {
        protocol: '5gmm',
        type: 'security-mode-reject',
        cause: seen.replayedCapabilitiesMatch ? 24 : 23,
        ies: [],
      } as NasMessage,
      0,
    );
    return {
      kind: 'failed',
      reason: seen.macValid
        ? 'replayed UE security capabilities differ from those sent (TS 24.501 §5.4.2.3)'
        : `Security Mode Command MAC invalid under 128-NIA${integrity} (TS 33.501 §6.7.2)`,
    };
  }
  return { kind: 'ok', seen };
}

/** The uplink NAS COUNT (0 up to the current one) whose KgNB equals `key`, if any (TS 33.501 A.9). */
function keyCount(ue: Ue5g, key: Buffer): number | undefined {
  if (!ue.kamf || !ue.security) return undefined;
  for (let c = ue.security.sendCount; c >= 0; c--) if (kgnb(ue.kamf, c).equals(key)) return c;
  return undefined;
}
