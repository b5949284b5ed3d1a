import { z } from 'zod';
import {
  accessType,
  dateTime,
  dnn,
  gpsi,
  guami,
  ngApCause,
  nfInstanceId,
  openEnum,
  pei,
  plmnIdNid,
  problemDetails,
  ratType,
  refToBinaryData,
  snssai,
  supi,
  supportedFeatures,
  uri,
  userLocation,
} from './common-data.ts';

/**
 * Nsmf_PDUSession (TS 29.502), the SM context service the AMF uses on N11: resources (§6.1.3) and
 * data types (§6.1.6) of Create/Update/Release SM Context and the SM context status notification.
 */
export const NSMF_PDUSESSION_ROOT = '/nsmf-pdusession/v1';
/** §6.1.3.2 SM contexts collection: POST creates an SM context (201 with Location). */
export const SM_CONTEXTS_PATH = `${NSMF_PDUSESSION_ROOT}/sm-contexts`;

/** §6.1.3.3.4 custom operations on an individual SM context: modify, release, retrieve, send-mo-data. */
export type SmContextOperation = 'modify' | 'release' | 'retrieve' | 'send-mo-data';

export function smContextPath(smContextRef: string, op?: SmContextOperation): string {
  const base = `${SM_CONTEXTS_PATH}/${encodeURIComponent(smContextRef)}`;
  return op ? `${base}/${op}` : base;
}

/** The smContextRef and operation of a request path, or undefined when it is not one. */
export function parseSmContextPath(path: string): { smContextRef: string; op?: SmContextOperation } | undefined {
  const m =
    /^\/nsmf-pdusession\/v1\/sm-contexts\/([^/?]+)(?:\/(modify|release|retrieve|send-mo-data))?\/?(?:\?.*)?$/.exec(
      path,
    );
  if (!m) return undefined;
  return { smContextRef: decodeURIComponent(m[1]), ...(m[2] ? { op: m[2] as SmContextOperation } : {}) };
}

/** §6.1.6.3.3 RequestType. */
export const requestType = openEnum([
  'INITIAL_REQUEST',
  'EXISTING_PDU_SESSION',
  'INITIAL_EMERGENCY_REQUEST',
  'EXISTING_EMERGENCY_PDU_SESSION',
]);
/** §6.1.6.3.2 UpCnxState. */
export const upCnxState = openEnum(['ACTIVATED', 'DEACTIVATED', 'ACTIVATING', 'SUSPENDED']);
/** §6.1.6.3.4 HoState. */
export const hoState = openEnum(['NONE', 'PREPARING', 'PREPARED', 'COMPLETED', 'CANCELLED']);
/**
 * §6.1.6.3.5 N2SmInfoType: which NGAP transfer (TS 38.413 §9.3.4) a binary part carries.
 */
export const N2_SM_INFO_TYPES = [
  'PDU_RES_SETUP_REQ',
  'PDU_RES_SETUP_RSP',
  'PDU_RES_SETUP_FAIL',
  'PDU_RES_REL_CMD',
  'PDU_RES_REL_RSP',
  'PDU_RES_MOD_REQ',
  'PDU_RES_MOD_RSP',
  'PDU_RES_MOD_FAIL',
  'PDU_RES_NTY',
  'PDU_RES_NTY_REL',
  'PDU_RES_MOD_IND',
  'PDU_RES_MOD_CFM',
  'PATH_SWITCH_REQ',
  'PATH_SWITCH_SETUP_FAIL',
  'PATH_SWITCH_REQ_ACK',
  'PATH_SWITCH_REQ_FAIL',
  'HANDOVER_REQUIRED',
  'HANDOVER_CMD',
  'HANDOVER_PREP_FAIL',
  'HANDOVER_REQ_ACK',
  'HANDOVER_RES_ALLOC_FAIL',
  'SECONDARY_RAT_USAGE',
] as const;
export const n2SmInfoType = openEnum(N2_SM_INFO_TYPES);
export type N2SmInfoType = z.infer<typeof n2SmInfoType>;
/** §6.1.6.3.6 Cause (of an update or release). */
export const smCause = openEnum([
  'REL_DUE_TO_HO',
  'EPS_FALLBACK',
  'REL_DUE_TO_UP_SEC',
  'DNN_CONGESTION',
  'S_NSSAI_CONGESTION',
  'REL_DUE_TO_REACTIVATION',
  '5G_AN_NOT_RESPONDING',
  'REL_DUE_TO_SLICE_NOT_AVAILABLE',
  'REL_DUE_TO_DUPLICATE_SESSION_ID',
  'PDU_SESSION_STATUS_MISMATCH',
  'HO_FAILURE',
  'INSUFFICIENT_UP_RESOURCES',
  'PDU_SESSION_HANDED_OVER',
  'PDU_SESSION_RESUMED',
  'CN_ASSISTED_RAN_PARAMETER_TUNING',
  'ISMF_CONTEXT_TRANSFER',
  'SMF_CONTEXT_TRANSFER',
  'REL_DUE_TO_PS_TO_CS_HO',
  'REL_DUE_TO_SUBSCRIPTION_CHANGE',
  'HO_CANCEL',
  'REL_DUE_TO_SLICE_NOT_AUTHORIZED',
  'PDU_SESSION_HAND_OVER_FAILURE',
  'DDN_FAILURE_STATUS',
  'REL_DUE_TO_CP_ONLY_NOT_APPLICABLE',
]);
/** §6.1.6.3.8 ResourceStatus (SM context status notification). */
export const resourceStatus = openEnum(['RELEASED', 'UNCHANGED', 'TRANSFERRED', 'UPDATED', 'ALT_ANCHOR_SMF']);

const pduSessionId = z.number().int().min(0).max(255);
const ebi = z.number().int().min(0).max(15);

/** §6.1.6.2.2 SmContextCreateData (body of POST sm-contexts). */
export const smContextCreateData = z
  .object({
    supi: supi.optional(),
    unauthenticatedSupi: z.boolean().optional(),
    pei: pei.optional(),
    gpsi: gpsi.optional(),
    pduSessionId: pduSessionId.optional(),
    dnn: dnn.optional(),
    selectedDnn: dnn.optional(),
    sNssai: snssai.optional(),
    hplmnSnssai: snssai.optional(),
    servingNfId: nfInstanceId,
    guami: guami.optional(),
    serviceName: z.string().optional(),
    servingNetwork: plmnIdNid,
    requestType: requestType.optional(),
    n1SmMsg: refToBinaryData.optional(),
    anType: accessType,
    additionalAnType: accessType.optional(),
    ratType: ratType.optional(),
    presenceInLadn: z.string().optional(),
    ueLocation: userLocation.optional(),
    ueTimeZone: z.string().optional(),
    addUeLocation: userLocation.optional(),
    smContextStatusUri: uri,
    hSmfUri: uri.optional(),
    smfUri: uri.optional(),
    oldPduSessionId: pduSessionId.optional(),
    pduSessionsActivateList: z.array(pduSessionId).optional(),
    ueEpsPdnConnection: z.string().optional(),
    hoState: hoState.optional(),
    pcfId: nfInstanceId.optional(),
    nrfUri: uri.optional(),
    supportedFeatures: supportedFeatures.optional(),
    selMode: z.string().optional(),
    udmGroupId: z.string().optional(),
    routingIndicator: z.string().optional(),
    epsInterworkingInd: z.string().optional(),
    smfTransferInd: z.boolean().optional(),
    oldSmfId: nfInstanceId.optional(),
    n2SmInfo: refToBinaryData.optional(),
    n2SmInfoType: n2SmInfoType.optional(),
    maxIntegrityProtectedDataRateUl: z.string().optional(),
    maxIntegrityProtectedDataRateDl: z.string().optional(),
  })
  .passthrough();
export type SmContextCreateData = z.infer<typeof smContextCreateData>;

/** §6.1.6.2.3 SmContextCreatedData (body of 201 Created). */
export const smContextCreatedData = z
  .object({
    hSmfUri: uri.optional(),
    smfUri: uri.optional(),
    pduSessionId: pduSessionId.optional(),
    sNssai: snssai.optional(),
    upCnxState: upCnxState.optional(),
    n2SmInfo: refToBinaryData.optional(),
    n2SmInfoType: n2SmInfoType.optional(),
    allocatedEbiList: z.array(z.object({ epsBearerId: ebi, arp: z.unknown().optional() }).passthrough()).optional(),
    hoState: hoState.optional(),
    gpsi: gpsi.optional(),
    smfServiceInstanceId: z.string().optional(),
    recoveryTime: dateTime.optional(),
    supportedFeatures: supportedFeatures.optional(),
    selectedSmfId: nfInstanceId.optional(),
    selectedOldSmfId: nfInstanceId.optional(),
  })
  .passthrough();
export type SmContextCreatedData = z.infer<typeof smContextCreatedData>;

/**
 * §6.1.6.2.6 SmContextCreateError (body of a 4xx/5xx to POST sm-contexts): the ProblemDetails and,
 * when the SMF rejects the UE's request, the N1 PDU Session Establishment Reject (§5.2.2.2.1).
 */
export const smContextCreateError = z
  .object({
    error: problemDetails,
    n1SmMsg: refToBinaryData.optional(),
    n2SmInfo: refToBinaryData.optional(),
    n2SmInfoType: n2SmInfoType.optional(),
    recoveryTime: dateTime.optional(),
  })
  .passthrough();
export type SmContextCreateError = z.infer<typeof smContextCreateError>;

/** §6.1.6.2.4 SmContextUpdateData (body of POST .../modify). */
export const smContextUpdateData = z
  .object({
    pei: pei.optional(),
    servingNfId: nfInstanceId.optional(),
    guami: guami.optional(),
    servingNetwork: plmnIdNid.optional(),
    anType: accessType.optional(),
    additionalAnType: accessType.optional(),
    ratType: ratType.optional(),
    presenceInLadn: z.string().optional(),
    ueLocation: userLocation.optional(),
    ueTimeZone: z.string().optional(),
    addUeLocation: userLocation.optional(),
    upCnxState: upCnxState.optional(),
    hoState: hoState.optional(),
    toBeSwitched: z.boolean().optional(),
    failedToBeSwitched: z.boolean().optional(),
    n1SmMsg: refToBinaryData.optional(),
    n2SmInfo: refToBinaryData.optional(),
    n2SmInfoType: n2SmInfoType.optional(),
    targetServingNfId: nfInstanceId.optional(),
    smContextStatusUri: uri.optional(),
    dataForwarding: z.boolean().optional(),
    release: z.boolean().optional(),
    cause: smCause.optional(),
    ngApCause: ngApCause.optional(),
    '5gMmCauseValue': z.number().int().optional(),
    sNssai: snssai.optional(),
    epsInterworkingInd: z.string().optional(),
    anTypeCanBeChanged: z.boolean().optional(),
    n2SmInfoExt1: refToBinaryData.optional(),
    n2SmInfoTypeExt1: n2SmInfoType.optional(),
    maReleaseInd: z.string().optional(),
  })
  .passthrough();
export type SmContextUpdateData = z.infer<typeof smContextUpdateData>;

/** §6.1.6.2.5 SmContextUpdatedData (body of 200 OK to POST .../modify; 204 carries none). */
export const smContextUpdatedData = z
  .object({
    upCnxState: upCnxState.optional(),
    hoState: hoState.optional(),
    releaseEbiList: z.array(ebi).optional(),
    modifiedEbiList: z.array(z.unknown()).optional(),
    n1SmMsg: refToBinaryData.optional(),
    n2SmInfo: refToBinaryData.optional(),
    n2SmInfoType: n2SmInfoType.optional(),
    dataForwarding: z.boolean().optional(),
    cause: smCause.optional(),
    supportedFeatures: supportedFeatures.optional(),
  })
  .passthrough();
export type SmContextUpdatedData = z.infer<typeof smContextUpdatedData>;

/** §6.1.6.2.7 SmContextUpdateError. */
export const smContextUpdateError = z
  .object({
    error: problemDetails,
    n1SmMsg: refToBinaryData.optional(),
    n2SmInfo: refToBinaryData.optional(),
    n2SmInfoType: n2SmInfoType.optional(),
    upCnxState: upCnxState.optional(),
    recoveryTime: dateTime.optional(),
  })
  .passthrough();
export type SmContextUpdateError = z.infer<typeof smContextUpdateError>;

/** §6.1.6.2.8 SmContextReleaseData (body of POST .../release; 204 No Content on success). */
export const smContextReleaseData = z
  .object({
    cause: smCause.optional(),
    ngApCause: ngApCause.optional(),
    '5gMmCauseValue': z.number().int().optional(),
    ueLocation: userLocation.optional(),
    ueTimeZone: z.string().optional(),
    addUeLocation: userLocation.optional(),
    vsmfReleaseOnly: z.boolean().optional(),
    n2SmInfo: refToBinaryData.optional(),
    n2SmInfoType: n2SmInfoType.optional(),
    ismfReleaseOnly: z.boolean().optional(),
  })
  .passthrough();
export type SmContextReleaseData = z.infer<typeof smContextReleaseData>;

/** §6.1.6.2.41 SmContextReleasedData (body of 200 OK to POST .../release, when there is one). */
export const smContextReleasedData = z.object({}).passthrough();
export type SmContextReleasedData = z.infer<typeof smContextReleasedData>;

/** §6.1.6.2.10 SmContextStatusNotification (POST to the AMF's smContextStatusUri). */
export const smContextStatusNotification = z
  .object({
    statusInfo: z.object({ resourceStatus, cause: smCause.optional(), anType: accessType.optional() }).passthrough(),
    smallDataRateStatus: z.unknown().optional(),
    apnRateStatus: z.unknown().optional(),
  })
  .passthrough();
export type SmContextStatusNotification = z.infer<typeof smContextStatusNotification>;
