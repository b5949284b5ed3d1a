import { z } from 'zod';
import { nfInstanceId, openEnum, refToBinaryData, snssai, supportedFeatures, uri } from './common-data.ts';

/**
 * Namf_Communication N1N2MessageTransfer (TS 29.518 §5.2.2.3.1, §6.1.6): how the SMF hands the AMF
 * an N1 SM message (e.g. PDU Session Establishment Accept) and an N2 SM transfer (e.g. PDU
 * Session Resource Setup Request Transfer) for a UE after Create SM Context (TS 23.502
 * §4.3.2.2.1 step 11).
 */
export const NAMF_COMM_ROOT = '/namf-comm/v1';

/** §6.1.3.5.3.1 POST {apiRoot}/namf-comm/v1/ue-contexts/{ueContextId}/n1-n2-messages. */
export function n1n2MessagesPath(ueContextId: string): string {
  return `${NAMF_COMM_ROOT}/ue-contexts/${encodeURIComponent(ueContextId)}/n1-n2-messages`;
}

export function parseN1n2MessagesPath(path: string): { ueContextId: string } | undefined {
  const m = /^\/namf-comm\/v1\/ue-contexts\/([^/?]+)\/n1-n2-messages\/?(?:\?.*)?$/.exec(path);
  return m ? { ueContextId: decodeURIComponent(m[1]) } : undefined;
}

/** §6.1.6.3.3 N1MessageClass, §6.1.6.3.4 N2InformationClass, §6.1.6.3.x NgapIeType. */
export const n1MessageClass = openEnum(['5GMM', 'SM', 'LPP', 'SMS', 'UPDP', 'LCS']);
export const n2InformationClass = openEnum(['SM', 'NRPPa', 'PWS', 'PWS-BCAL', 'PWS-RF', 'RAN', 'V2X', 'PROSE']);
export const ngapIeType = openEnum([
  'PDU_RES_SETUP_REQ',
  'PDU_RES_REL_CMD',
  'PDU_RES_MOD_REQ',
  'HANDOVER_CMD',
  'HANDOVER_REQUIRED',
  'HANDOVER_PREP_FAIL',
  'SRC_TO_TAR_CONTAINER',
  'TAR_TO_SRC_CONTAINER',
  'RAN_STATUS_TRANS_CONTAINER',
  'SON_CONFIG_TRANSFER',
  'NRPPA_PDU',
  'UE_RADIO_CAPABILITY',
  'RIM_INFO_TRANSFER',
  'SECONDARY_RAT_USAGE',
  'PC5_QOS_PARA',
]);

/** §6.1.6.2.14 N2InfoContent: the NGAP IE type and its octets as a binary part. */
export const n2InfoContent = z
  .object({
    ngapMessageType: z.number().int().optional(),
    ngapIeType: ngapIeType.optional(),
    ngapData: refToBinaryData,
  })
  .passthrough();

/** §6.1.6.2.11 N1MessageContainer. */
export const n1MessageContainer = z
  .object({
    n1MessageClass,
    n1MessageContent: refToBinaryData,
    nfId: nfInstanceId.optional(),
    serviceInstanceId: z.string().optional(),
  })
  .passthrough();

/** §6.1.6.2.13 N2SmInformation. */
export const n2SmInformation = z
  .object({
    pduSessionId: z.number().int().min(0).max(255),
    n2InfoContent: n2InfoContent.optional(),
    sNssai: snssai.optional(),
    homePlmnSnssai: snssai.optional(),
    iwkSnssai: snssai.optional(),
    subjectToHo: z.boolean().optional(),
  })
  .passthrough();

/** §6.1.6.2.12 N2InfoContainer. */
export const n2InfoContainer = z
  .object({
    n2InformationClass,
    smInfo: n2SmInformation.optional(),
    ranInfo: z.unknown().optional(),
    nrppaInfo: z.unknown().optional(),
    pwsInfo: z.unknown().optional(),
  })
  .passthrough();

/** §6.1.6.2.25 N1N2MessageTransferReqData. */
export const n1n2MessageTransferReqData = z
  .object({
    n1MessageContainer: n1MessageContainer.optional(),
    n2InfoContainer: n2InfoContainer.optional(),
    mtData: z.unknown().optional(),
    skipInd: z.boolean().optional(),
    lastMsgIndication: z.boolean().optional(),
    pduSessionId: z.number().int().min(0).max(255).optional(),
    lcsCorrelationId: z.string().optional(),
    ppi: z.number().int().optional(),
    arp: z.unknown().optional(),
    '5qi': z.number().int().optional(),
    n1n2FailureTxfNotifURI: uri.optional(),
    smfReallocationInd: z.boolean().optional(),
    areaOfValidity: z.unknown().optional(),
    supportedFeatures: supportedFeatures.optional(),
    oldGuami: z.unknown().optional(),
  })
  .passthrough();
export type N1N2MessageTransferReqData = z.infer<typeof n1n2MessageTransferReqData>;

/** §6.1.6.3.5 N1N2MessageTransferCause. */
export const n1n2MessageTransferCause = openEnum([
  'ATTEMPTING_TO_REACH_UE',
  'N1_N2_TRANSFER_INITIATED',
  'WAITING_FOR_ASYNCHRONOUS_TRANSFER',
  'UE_NOT_RESPONDING',
  'N1_MSG_NOT_TRANSFERRED',
  'N2_MSG_NOT_TRANSFERRED',
  'UE_NOT_REACHABLE_FOR_SESSION',
  'TEMPORARY_REJECT_REGISTRATION_ONGOING',
  'TEMPORARY_REJECT_HANDOVER_ONGOING',
  'REJECTION_DUE_TO_PAGING_RESTRICTION',
  'AN_NOT_RESPONDING',
  'FAILURE_CAUSE_UNSPECIFIED',
]);

/** §6.1.6.2.26 N1N2MessageTransferRspData (body of 200 OK / 202 Accepted). */
export const n1n2MessageTransferRspData = z
  .object({ cause: n1n2MessageTransferCause, supportedFeatures: supportedFeatures.optional() })
  .passthrough();
export type N1N2MessageTransferRspData = z.infer<typeof n1n2MessageTransferRspData>;
