import { causeText } from '../common/cause-text.ts';

/**
 * TS 29.060 §7.7.1 Cause values (Table 38): 0-127 in requests, 128-191 acceptances, 192-255
 * rejections. Values not listed are spare (reserved).
 */
export const GTPV1C_CAUSE_NAMES: Readonly<Record<number, string>> = {
  0: 'Request IMSI',
  1: 'Request IMEI',
  2: 'Request IMSI and IMEI',
  3: 'No identity needed',
  4: 'MS Refuses',
  5: 'MS is not GPRS Responding',
  6: 'Reactivation Requested',
  7: 'PDP address inactivity timer expires',
  8: 'Network failure',
  9: 'QoS parameter mismatch',
  128: 'Request accepted',
  129: 'New PDP type due to network preference',
  130: 'New PDP type due to single address bearer only',
  192: 'Non-existent',
  193: 'Invalid message format',
  194: 'IMSI/IMEI not known',
  195: 'MS is GPRS Detached',
  196: 'MS is not GPRS Responding',
  197: 'MS Refuses',
  198: 'Version not supported',
  199: 'No resources available',
  200: 'Service not supported',
  201: 'Mandatory IE incorrect',
  202: 'Mandatory IE missing',
  203: 'Optional IE incorrect',
  204: 'System failure',
  205: 'Roaming restriction',
  206: 'P-TMSI Signature mismatch',
  207: 'GPRS connection suspended',
  208: 'Authentication failure',
  209: 'User authentication failed',
  210: 'Context not found',
  211: 'All dynamic PDP addresses are occupied',
  212: 'No memory is available',
  213: 'Relocation failure',
  214: 'Unknown mandatory extension header',
  215: 'Semantic error in the TFT operation',
  216: 'Syntactic error in the TFT operation',
  217: 'Semantic errors in packet filter(s)',
  218: 'Syntactic errors in packet filter(s)',
  219: 'Missing or unknown APN',
  220: 'Unknown PDP address or PDP type',
  221: 'PDP context without TFT already activated',
  222: 'APN access denied - no subscription',
  223: 'APN Restriction type incompatibility with currently active PDP Contexts',
  224: 'MS MBMS Capabilities Insufficient',
  225: 'Invalid Correlation-ID',
  226: 'MBMS Bearer Context Superseded',
  227: 'Bearer Control Mode violation',
  228: 'Collision with network initiated request',
  229: 'APN Congestion',
  230: 'Bearer handling not supported',
  231: 'Target access restricted for the subscriber',
  232: 'UE is temporarily not reachable due to power saving',
  233: 'Relocation failure due to NAS message redirection',
};

/** The cause values the harness's elements and checks use by name. */
export const GTPV1C_CAUSE = {
  REQUEST_ACCEPTED: 128,
  NEW_PDP_TYPE_NETWORK_PREFERENCE: 129,
  NEW_PDP_TYPE_SINGLE_ADDRESS_BEARER_ONLY: 130,
  NON_EXISTENT: 192,
  INVALID_MESSAGE_FORMAT: 193,
  NO_RESOURCES_AVAILABLE: 199,
  MANDATORY_IE_INCORRECT: 201,
  MANDATORY_IE_MISSING: 202,
  SYSTEM_FAILURE: 204,
  ALL_DYNAMIC_PDP_ADDRESSES_OCCUPIED: 211,
  UNKNOWN_MANDATORY_EXTENSION_HEADER: 214,
  MISSING_OR_UNKNOWN_APN: 219,
  UNKNOWN_PDP_ADDRESS_OR_PDP_TYPE: 220,
} as const;

/** A GTPv1-C cause as checks and reports print it: "220 (0xDC) Unknown PDP address or PDP type". */
export function gtpv1cCause(value: number | undefined): string {
  return causeText(value, GTPV1C_CAUSE_NAMES);
}
