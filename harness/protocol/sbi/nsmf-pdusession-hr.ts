import { z } from 'zod';
import {
  accessType,
  ambr,
  dnn,
  nfInstanceId,
  openEnum,
  plmnIdNid,
  problemDetails,
  ratType,
  refToBinaryData,
  snssai,
  supi,
  uri,
} from './common-data.ts';
import { NSMF_PDUSESSION_ROOT, requestType } from './nsmf-pdusession.ts';

/**
 * Nsmf_PDUSession between a V-SMF and an H-SMF on N16 (TS 29.502 §5.2.2.7-§5.2.2.10, home-routed
 * roaming, TS 23.502 §4.3.2.2.2): the PDU sessions collection (§6.1.3.5) and an individual PDU
 * session's release (§6.1.3.6.4.2), with the data types of §6.1.6.2.
 */
/** §6.1.3.5 PDU sessions collection: POST creates a PDU session in the H-SMF (201 with Location). */
export const PDU_SESSIONS_PATH = `${NSMF_PDUSESSION_ROOT}/pdu-sessions`;

export type PduSessionOperation = 'modify' | 'release' | 'transfer-mo-data';

export function pduSessionPath(pduSessionRef: string, op?: PduSessionOperation): string {
  const base = `${PDU_SESSIONS_PATH}/${encodeURIComponent(pduSessionRef)}`;
  return op ? `${base}/${op}` : base;
}

/** The pduSessionRef and operation of a request path, or undefined when it is not one. */
export function parsePduSessionPath(path: string): { pduSessionRef: string; op?: PduSessionOperation } | undefined {
  const m = /^\/nsmf-pdusession\/v1\/pdu-sessions\/([^/?]+)(?:\/(modify|release|transfer-mo-data))?\/?(?:\?.*)?$/.exec(
    path,
  );
  if (!m) return undefined;
  return { pduSessionRef: decodeURIComponent(m[1]), ...(m[2] ? { op: m[2] as PduSessionOperation } : {}) };
}

/** TS 29.571 §5.4.2 Teid: 4 octets as 8 hex digits. */
export const teid = z.string().regex(/^[A-Fa-f0-9]{8}$/);

/** §6.1.6.2.15 TunnelInfo: a GTP-U tunnel endpoint (an IPv4 and/or an IPv6 address, and the TEID). */
export const tunnelInfo = z
  .object({
    ipv4Addr: z.string().optional(),
    ipv6Addr: z.string().optional(),
    gtpTeid: teid,
    anType: accessType.optional(),
  })
  .passthrough()
  .refine((t) => t.ipv4Addr !== undefined || t.ipv6Addr !== undefined, 'a TunnelInfo needs ipv4Addr or ipv6Addr');
export type TunnelInfo = z.infer<typeof tunnelInfo>;

/** A TunnelInfo from an F-TEID (an address of either family). */
export function toTunnelInfo(t: { teid: number; address: string }): TunnelInfo {
  return {
    ...(t.address.includes(':') ? { ipv6Addr: t.address } : { ipv4Addr: t.address }),
    gtpTeid: (t.teid >>> 0).toString(16).padStart(8, '0'),
  };
}

/** The F-TEID of a TunnelInfo (its IPv6 address when it has both and `prefer` is ipv6). */
export function fromTunnelInfo(t: TunnelInfo, prefer: 'ipv4' | 'ipv6'): { teid: number; address: string } {
  const address = prefer === 'ipv6' ? (t.ipv6Addr ?? t.ipv4Addr) : (t.ipv4Addr ?? t.ipv6Addr);
  return { teid: Number.parseInt(t.gtpTeid, 16), address: address! };
}

/** TS 29.571 §5.4.3.2 PduSessionType. */
export const pduSessionType = openEnum(['IPV4', 'IPV6', 'IPV4V6', 'UNSTRUCTURED', 'ETHERNET']);

/** §6.1.6.2.9 PduSessionCreateData (body of POST pdu-sessions, from the V-SMF). */
export const pduSessionCreateData = z
  .object({
    supi: supi.optional(),
    pei: z.string().optional(),
    pduSessionId: z.number().int().min(0).max(255).optional(),
    dnn,
    sNssai: snssai.optional(),
    vsmfId: nfInstanceId,
    servingNetwork: plmnIdNid,
    requestType: requestType.optional(),
    vsmfPduSessionUri: uri,
    vcnTunnelInfo: tunnelInfo,
    anType: accessType,
    ratType: ratType.optional(),
    n1SmInfoFromUe: refToBinaryData.optional(),
  })
  .passthrough();
export type PduSessionCreateData = z.infer<typeof pduSessionCreateData>;

/** §6.1.6.2.19 QosFlowSetupItem (QoS rules as base64 bytes of TS 24.501 §9.11.4.13). */
export const qosFlowSetupItem = z
  .object({
    qfi: z.number().int().min(0).max(63),
    qosRules: z.string().optional(),
    qosFlowDescription: z.string().optional(),
  })
  .passthrough();

/** §6.1.6.2.10 PduSessionCreatedData (body of 201 Created, from the H-SMF). */
export const pduSessionCreatedData = z
  .object({
    pduSessionType,
    sscMode: z.string(),
    hcnTunnelInfo: tunnelInfo.optional(),
    sessionAmbr: ambr.optional(),
    qosFlowsSetupList: z.array(qosFlowSetupItem).optional(),
    hSmfInstanceId: nfInstanceId.optional(),
    pduSessionId: z.number().int().min(0).max(255).optional(),
    sNssai: snssai.optional(),
    ueIpv4Address: z.string().optional(),
    ueIpv6Prefix: z.string().optional(),
    n1SmInfoToUe: refToBinaryData.optional(),
  })
  .passthrough();
export type PduSessionCreatedData = z.infer<typeof pduSessionCreatedData>;

/** §6.1.6.2.11 PduSessionCreateError: the ProblemDetails, the 5GSM cause, the N1 reject for the UE. */
export const pduSessionCreateError = z
  .object({
    error: problemDetails,
    n1smCause: z.string().optional(),
    n1SmInfoToUe: refToBinaryData.optional(),
  })
  .passthrough();
export type PduSessionCreateError = z.infer<typeof pduSessionCreateError>;

/** §6.1.6.2.16 ReleaseData (body of POST .../release, 204 on success). */
export const releaseData = z.object({ cause: z.string().optional() }).passthrough();

/** TS 29.502 §6.1.6.3 RequestIndication: what an Update on N16 is for (§5.2.2.8). */
export const requestIndication = openEnum([
  'UE_REQ_PDU_SES_MOD',
  'UE_REQ_PDU_SES_REL',
  'PDU_SES_MOB',
  'NW_REQ_PDU_SES_AUTH',
  'NW_REQ_PDU_SES_MOD',
  'NW_REQ_PDU_SES_REL',
  'EBI_ASSIGNMENT_REQ',
  'REL_DUE_TO_5G_AN_REQUEST',
]);
export type RequestIndication = z.infer<typeof requestIndication>;

/**
 * TS 29.502 §6.1.6.2 HsmfUpdateData (body of POST .../pdu-sessions/{ref}/modify, V-SMF → H-SMF, §5.2.2.8.2):
 * the request indication and what the UE said (n1SmInfoFromUe: the optional IEs of its 5GSM message).
 */
export const hsmfUpdateData = z
  .object({
    requestIndication,
    pei: z.string().optional(),
    anType: accessType.optional(),
    ratType: ratType.optional(),
    ueTimeZone: z.string().optional(),
    cause: z.string().optional(),
    n1SmInfoFromUe: refToBinaryData.optional(),
    unknownN1SmInfo: refToBinaryData.optional(),
  })
  .passthrough();
export type HsmfUpdateData = z.infer<typeof hsmfUpdateData>;

/**
 * TS 29.502 §6.1.6.2 VsmfUpdateData (body of POST {vsmfPduSessionUri}/modify, H-SMF → V-SMF, §5.2.2.8.3):
 * the request indication, the 5GSM cause for the UE (n1smCause, 2 hex digits) and the optional IEs
 * of the 5GSM message the V-SMF builds (n1SmInfoToUe).
 */
export const vsmfUpdateData = z
  .object({
    requestIndication,
    sessionAmbr: ambr.optional(),
    cause: z.string().optional(),
    n1smCause: z
      .string()
      .regex(/^[A-Fa-f0-9]{2}$/)
      .optional(),
    n1SmInfoToUe: refToBinaryData.optional(),
  })
  .passthrough();
export type VsmfUpdateData = z.infer<typeof vsmfUpdateData>;

/** The V-SMF's resource for a home-routed PDU session (its vsmfPduSessionUri, a callback URI of TS 29.502 §6.1.5). */
export const VSMF_PDU_SESSIONS_PATH = `${NSMF_PDUSESSION_ROOT}/vsmf-pdu-sessions`;

/** The ref and operation of a path under VSMF_PDU_SESSIONS_PATH, or undefined. */
export function parseVsmfPduSessionPath(path: string): { ref: string; op?: 'modify' } | undefined {
  const m = /^\/nsmf-pdusession\/v1\/vsmf-pdu-sessions\/([^/?]+)(?:\/(modify))?\/?(?:\?.*)?$/.exec(path);
  if (!m) return undefined;
  return { ref: decodeURIComponent(m[1]), ...(m[2] ? { op: 'modify' as const } : {}) };
}

/** A 5GSM cause as n1smCause carries it (TS 29.502 §6.1.6.2.11: 2 upper-case hex digits). */
export function n1smCauseOf(cause: number): string {
  return cause.toString(16).padStart(2, '0').toUpperCase();
}

/**
 * One N16 exchange (TS 29.502 §5.2.2.7-§5.2.2.9) as an SMF of a home-routed session records it.
 * create/update/release: POST pdu-sessions, .../modify, .../release; vsmf-update: POST
 * {vsmfPduSessionUri}/modify. `status` is the HTTP status of the answer; `n1SmInfo`: an N1 SM part
 * came with it (n1SmInfoFromUe / n1SmInfoToUe).
 */
export interface N16Record {
  op: 'create' | 'update' | 'release' | 'vsmf-update';
  supi: string;
  pduSessionId: number;
  status: number;
  requestIndication?: string;
  n1SmInfo?: boolean;
  n1smCause?: string;
}
