import type { InvalidParam, ProblemDetails } from './common-data.ts';

/**
 * Application errors (the `cause` of ProblemDetails) with their HTTP status: the protocol errors
 * every SBI service shares (TS 29.500 §5.2.7.2, Table 5.2.7.2-1), Nsmf_PDUSession's own
 * (TS 29.502 §6.1.7.3, Table 6.1.7.3-1) and Namf_Communication's N1N2MessageTransfer ones
 * (TS 29.518 §6.1.7.3).
 */
export const APPLICATION_ERRORS = {
  // TS 29.500 Table 5.2.7.2-1
  INVALID_API: 400,
  INVALID_MSG_FORMAT: 400,
  INVALID_QUERY_PARAM: 400,
  MANDATORY_QUERY_PARAM_INCORRECT: 400,
  OPTIONAL_QUERY_PARAM_INCORRECT: 400,
  MANDATORY_QUERY_PARAM_MISSING: 400,
  MANDATORY_IE_INCORRECT: 400,
  OPTIONAL_IE_INCORRECT: 400,
  MANDATORY_IE_MISSING: 400,
  UNSPECIFIED_MSG_FAILURE: 400,
  RESOURCE_CONTEXT_NOT_FOUND: 404,
  MODIFICATION_NOT_ALLOWED: 403,
  SUBSCRIPTION_NOT_FOUND: 404,
  RESOURCE_URI_STRUCTURE_NOT_FOUND: 404,
  INCORRECT_LENGTH: 411,
  NF_CONGESTION_RISK: 429,
  INSUFFICIENT_RESOURCES: 500,
  UNSPECIFIED_NF_FAILURE: 500,
  SYSTEM_FAILURE: 500,
  NF_FAILOVER: 500,
  NF_SERVICE_FAILOVER: 500,
  NF_CONGESTION: 503,
  TARGET_NF_NOT_REACHABLE: 504,
  TIMED_OUT_REQUEST: 504,
  // TS 29.502 Table 6.1.7.3-1 (Nsmf_PDUSession)
  N1_SM_ERROR: 403,
  N2_SM_ERROR: 403,
  SNSSAI_DENIED: 403,
  DNN_DENIED: 403,
  PDUTYPE_DENIED: 403,
  SSC_DENIED: 403,
  SUBSCRIPTION_DENIED: 403,
  DNN_NOT_SUPPORTED: 403,
  PDUTYPE_NOT_SUPPORTED: 403,
  SSC_NOT_SUPPORTED: 403,
  HOME_ROUTED_ROAMING_REQUIRED: 403,
  OUT_OF_LADN_SERVICE_AREA: 403,
  PRIORITIZED_SERVICES_ONLY: 403,
  PDU_SESSION_ANCHOR_CHANGE: 403,
  INTEGRITY_PROTECTED_MDR_NOT_ACCEPTABLE: 403,
  CONTEXT_NOT_FOUND: 404,
  HIGHER_PRIORITY_REQUEST_ONGOING: 409,
  UE_IN_CM_IDLE_STATE: 409,
  INSUFFICIENT_SLICE_RESOURCES: 500,
  INSUFFICIENT_RESOURCES_SLICE_DNN: 500,
  DNN_CONGESTION: 503,
  S_NSSAI_CONGESTION: 503,
  PEER_NOT_RESPONDING: 504,
  NETWORK_FAILURE: 504,
  UPF_NOT_RESPONDING: 504,
  UE_NOT_REACHABLE: 504,
  // TS 29.518 §6.1.7.3 (Namf_Communication N1N2MessageTransfer)
  UE_NOT_RESPONDING: 504,
  REJECTED_DUE_TO_PAGING_RESTRICTION: 409,
} as const;

export type ApplicationError = keyof typeof APPLICATION_ERRORS;

/** Titles for the statuses used here (RFC 9110 §15). */
const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  411: 'Length Required',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** A ProblemDetails for an application error, its status taken from the tables above. */
export function problem(cause: ApplicationError, detail?: string, invalidParams?: InvalidParam[]): ProblemDetails {
  const status = APPLICATION_ERRORS[cause];
  const p: ProblemDetails = { title: TITLES[status] ?? `HTTP ${status}`, status, cause };
  if (detail !== undefined) p.detail = detail;
  if (invalidParams?.length) p.invalidParams = invalidParams;
  return p;
}
