import {
  decode as decodeNas,
  dnnName,
  encode,
  findIe,
  type NasMessage,
  PAYLOAD_CONTAINER_TYPE,
  REQUEST_TYPE,
} from '../../protocol/nas/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { pcoRequest, type PcoRequest } from '../common/pco-request.ts';
import type { Bearer } from '../common/gtpu-endpoint.ts';
import type { DownlinkSeen } from './n3-sessions.ts';
import {
  type N3Tunnel,
  PDU_SESSION_TYPE,
  PDU_SESSION_TYPE_NAME,
  type PduSessionOutcome,
  type PduSessionType,
  type ReleaseOutcome,
  type Slice,
} from './outcomes.ts';
import type { Ue5g } from './ue.ts';

type Sm<T extends string> = Extract<NasMessage, { protocol: '5gsm'; type: T }>;
type Mm<T extends string> = Extract<NasMessage, { protocol: '5gmm'; type: T }>;

export interface PduSessionRequest {
  /** PDU session identity (TS 24.007 §11.2.3.1b: 1..15). */
  pduSessionId: number;
  dnn: string;
  type: PduSessionType;
  sNssai?: Slice;
  /** SSC mode (TS 24.501 §9.11.4.16): 1 by default. */
  sscMode?: number;
  /** ePCO requests (TS 24.008 §10.5.6.3): DNS servers of the families asked for and the IPv4 link MTU by default. */
  pco?: readonly PcoRequest[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * UE-requested PDU session establishment (TS 24.501 §6.4.1, TS 23.502 §4.3.2.2.1): the 5GSM PDU
 * Session Establishment Request in UL NAS Transport (payload container type N1 SM, §8.2.10) with
 * PDU session ID, request type "initial request", S-NSSAI and DNN. The AMF relays it to the SMF;
 * what comes back is the accept with the N2 resources (PDU Session Resource Setup Request, whose
 * N3 tunnel the gNB sets up), a reject, or a DL NAS Transport saying it was not forwarded.
 */
export async function establishPduSession(ue: Ue5g, r: PduSessionRequest): Promise<PduSessionOutcome> {
  const t0 = performance.now();
  const id = r.pduSessionId;
  const ms = r.timeoutMs ?? 5000;
  const pti = ue.pti();
  const asks: PcoRequest[] = [...(r.pco ?? defaultPco(r.type))];
  const sm = {
    protocol: '5gsm',
    type: 'pdu-session-establishment-request',
    pduSessionId: id,
    pti,
    // §9.11.4.7: full data rate for user-plane integrity protection both ways.
    integrityProtectionMaximumDataRate: { uplink: 0xff, downlink: 0xff },
    ies: [
      { ie: 'pdu-session-type', value: PDU_SESSION_TYPE[r.type] },
      { ie: 'ssc-mode', value: r.sscMode ?? 1 },
      ...(asks.length ? [{ ie: 'epco', value: pcoRequest(asks) }] : []),
    ],
  } as NasMessage;
  sendN1Sm(ue, sm, id, [
    { ie: 'request-type', value: REQUEST_TYPE['initial-request'] },
    ...(r.sNssai ? [{ ie: 's-nssai', value: r.sNssai }] : []),
    { ie: 'dnn', value: r.dnn },
  ]);
  let tunnel: N3Tunnel | undefined;
  for (;;) {
    const e = await ue.next(ms, r.signal);
    if (!e) {
      ue.idle();
      return { kind: 'timeout', pduSessionId: id, waitingFor: 'PDU Session Establishment Accept or Reject' };
    }
    if (e.kind === 'session-resources' && e.pduSessionId === id) {
      if (e.tunnel) tunnel = e.tunnel;
      else {
        ue.idle();
        return { kind: 'failed', pduSessionId: id, reason: `N2 resources not set up: ${e.failure}` };
      }
      continue;
    }
    if (e.kind === 'context-released') {
      ue.idle();
      return { kind: 'failed', pduSessionId: id, reason: 'the AMF released the UE context' };
    }
    if (e.kind !== 'nas') continue;
    const d = downlinkSm(ue, e.octets, e.via);
    if (d.kind === 'problem') {
      ue.idle();
      return { kind: 'failed', pduSessionId: id, reason: d.reason };
    }
    if (d.kind === 'mm-cause') {
      ue.idle();
      return { kind: 'not-forwarded', pduSessionId: id, cause: d.cause };
    }
    if (d.kind !== 'sm') continue;
    const m = d.message;
    if (m.pduSessionId !== id) continue;
    if (m.type === 'pdu-session-establishment-reject') {
      ue.idle();
      const rej = m as Sm<'pdu-session-establishment-reject'>;
      return {
        kind: 'rejected',
        pduSessionId: id,
        cause: rej.cause,
        ...(findIe(rej, 'back-off-timer') ? { backOff: true } : {}),
      };
    }
    if (m.type !== 'pdu-session-establishment-accept') continue;
    const a = m as Sm<'pdu-session-establishment-accept'>;
    // The N3 tunnel comes with the accept (the same PDU Session Resource Setup Request, §8.2.1).
    // An accept in a plain DL NAS Transport is already the AMF's mistake: a short wait for late resources.
    if (!tunnel && e.via !== 'PDUSessionResourceSetupRequest') {
      const late = await ue.next(Math.min(ms, 1000), r.signal);
      if (late?.kind === 'session-resources' && late.tunnel) tunnel = late.tunnel;
    }
    ue.idle();
    const address = findIe(a, 'pdu-address')?.value;
    const dnn = findIe(a, 'dnn')?.value;
    return {
      kind: 'accepted',
      pduSessionId: id,
      type: PDU_SESSION_TYPE_NAME[a.selectedPduSessionType] ?? a.selectedPduSessionType,
      ...(findIe(a, '5gsm-cause') ? { cause: findIe(a, '5gsm-cause')!.value } : {}),
      ...(address?.interfaceIdentifier ? { interfaceId: address.interfaceIdentifier } : {}),
      ...(address?.ipv4 ? { ipv4: address.ipv4 } : {}),
      qosRules: a.authorizedQosRules,
      sessionAmbr: a.sessionAmbr,
      ...(findIe(a, 'epco') ? { epco: findIe(a, 'epco')!.value } : {}),
      ...(dnn !== undefined ? { dnn: dnnName(dnn) } : {}),
      ...(tunnel ? { n3: tunnel } : {}),
      protection: { securityHeaderType: d.securityHeaderType, macValid: d.macValid },
      ms: performance.now() - t0,
    };
  }
}

/**
 * UE-requested PDU session release (TS 24.501 §6.4.3): PDU Session Release Request; the network
 * releases the N2 resources (PDU Session Resource Release Command, which the gNB answers) with
 * the PDU Session Release Command, which the UE completes.
 */
export async function releasePduSession(
  ue: Ue5g,
  pduSessionId: number,
  o: { timeoutMs?: number; signal?: AbortSignal; cause?: number } = {},
): Promise<ReleaseOutcome> {
  const ms = o.timeoutMs ?? 5000;
  const pti = ue.pti();
  // TS 24.501 §6.4.3.2: the UE may say why (5GSM cause, typically #36 "regular deactivation").
  const ies = o.cause === undefined ? [] : [{ ie: '5gsm-cause', value: o.cause }];
  sendN1Sm(
    ue,
    { protocol: '5gsm', type: 'pdu-session-release-request', pduSessionId, pti, ies } as NasMessage,
    pduSessionId,
    [],
  );
  let n2Released = false;
  for (;;) {
    const e = await ue.next(ms, o.signal);
    if (!e) {
      ue.idle();
      return { kind: 'timeout', waitingFor: 'PDU Session Release Command' };
    }
    if (e.kind === 'session-resources-released' && e.pduSessionId === pduSessionId) {
      n2Released = true;
      continue;
    }
    if (e.kind !== 'nas') continue;
    const d = downlinkSm(ue, e.octets, e.via);
    if (d.kind === 'problem') {
      ue.idle();
      return { kind: 'failed', reason: d.reason };
    }
    if (d.kind === 'mm-cause') {
      ue.idle();
      return { kind: 'failed', reason: `5GMM cause #${d.cause} in DL NAS Transport` };
    }
    if (d.kind !== 'sm' || d.message.pduSessionId !== pduSessionId) continue;
    if (d.message.type === 'pdu-session-release-reject') {
      ue.idle();
      return {
        kind: 'failed',
        reason: `PDU Session Release Reject #${(d.message as Sm<'pdu-session-release-reject'>).cause}`,
      };
    }
    if (d.message.type !== 'pdu-session-release-command') continue;
    sendN1Sm(
      ue,
      {
        protocol: '5gsm',
        type: 'pdu-session-release-complete',
        pduSessionId,
        pti: d.message.pti,
        ies: [],
      } as NasMessage,
      pduSessionId,
      [],
    );
    ue.idle();
    if (ue.pduSessionIds.includes(pduSessionId)) ue.pduSessionIds = ue.pduSessionIds.filter((x) => x !== pduSessionId);
    ue.gnb.sessions.release(ue.ranUeId, pduSessionId);
    return { kind: 'released', cause: (d.message as Sm<'pdu-session-release-command'>).cause, n2Released };
  }
}

/** The user plane of an established session: its N3 bearer and what arrived on it. */
export function sessionBearer(ue: Ue5g, pduSessionId: number): { bearer: Bearer; downlink: DownlinkSeen } | undefined {
  return ue.gnb.sessions.bearer(ue.ranUeId, pduSessionId);
}

/** ePCO asked for by default: the DNS servers of the requested families and the IPv4 link MTU. */
function defaultPco(type: PduSessionType): PcoRequest[] {
  const out: PcoRequest[] = [];
  if (type !== 'ipv4') out.push('dns-ipv6');
  if (type !== 'ipv6') out.push('dns-ipv4', 'ipv4-link-mtu');
  return out;
}

/** A 5GSM message in UL NAS Transport with the payload container type N1 SM (§8.2.10, §9.11.3.40). */
function sendN1Sm(ue: Ue5g, sm: NasMessage, pduSessionId: number, extra: { ie: string; value: unknown }[]): void {
  ue.record('ul', 'UplinkNASTransport', sm, 0);
  ue.send({
    protocol: '5gmm',
    type: 'ul-nas-transport',
    payloadContainerType: PAYLOAD_CONTAINER_TYPE['n1-sm'],
    payloadContainer: encode(sm),
    ies: [{ ie: 'pdu-session-id', value: pduSessionId }, ...extra],
  } as NasMessage);
}

type Downlink =
  | { kind: 'sm'; message: Extract<NasMessage, { protocol: '5gsm' }>; securityHeaderType: number; macValid: boolean }
  | { kind: 'mm-cause'; cause: number }
  | { kind: 'other' }
  | { kind: 'problem'; reason: string };

/** A 5GSM message from the DL NAS Transport around it (§8.2.11), or the 5GMM cause it carries instead. */
function downlinkSm(ue: Ue5g, octets: Buffer, via: string): Downlink {
  const r = ue.read(octets, via);
  if (r.problem) return { kind: 'problem', reason: r.problem };
  if (r.securityHeaderType !== 0 && r.macValid === false)
    return { kind: 'problem', reason: `DL NAS Transport MAC invalid (TS 24.501 §4.4.4.2)` };
  const m = r.message;
  if (m?.type !== 'dl-nas-transport') return { kind: 'other' };
  const dl = m as Mm<'dl-nas-transport'>;
  if (dl.payloadContainerType !== PAYLOAD_CONTAINER_TYPE['n1-sm']) return { kind: 'other' };
  // §5.4.5.3.3: a 5GMM cause means the AMF could not forward the UE's 5GSM message (it comes back).
  const cause = findIe(dl, '5gmm-cause')?.value;
  if (cause !== undefined) return { kind: 'mm-cause', cause };
  let sm: NasMessage;
  try {
    sm = decodeNas(dl.payloadContainer);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { kind: 'problem', reason: `undecodable 5GSM message: ${e.message}` };
  }
  if (sm.protocol !== '5gsm') return { kind: 'problem', reason: `N1 SM payload is ${sm.protocol}` };
  ue.record('dl', via, sm, 0);
  return { kind: 'sm', message: sm, securityHeaderType: r.securityHeaderType, macValid: r.macValid === true };
}
