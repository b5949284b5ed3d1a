/** Cause values (TS 29.244 §8.2.1, Table 8.2.1-1). */
export const CAUSE = {
  REQUEST_ACCEPTED: 1,
  MORE_USAGE_REPORT_TO_SEND: 2,
  REQUEST_PARTIALLY_ACCEPTED: 3,
  REQUEST_REJECTED: 64,
  SESSION_CONTEXT_NOT_FOUND: 65,
  MANDATORY_IE_MISSING: 66,
  CONDITIONAL_IE_MISSING: 67,
  INVALID_LENGTH: 68,
  MANDATORY_IE_INCORRECT: 69,
  INVALID_FORWARDING_POLICY: 70,
  INVALID_F_TEID_ALLOCATION_OPTION: 71,
  NO_ESTABLISHED_PFCP_ASSOCIATION: 72,
  RULE_CREATION_MODIFICATION_FAILURE: 73,
  PFCP_ENTITY_IN_CONGESTION: 74,
  NO_RESOURCES_AVAILABLE: 75,
  SERVICE_NOT_SUPPORTED: 76,
  SYSTEM_FAILURE: 77,
  REDIRECTION_REQUESTED: 78,
  ALL_DYNAMIC_ADDRESSES_ARE_OCCUPIED: 79,
} as const;

export const PFCP_CAUSE_NAMES: Readonly<Record<number, string>> = {
  1: 'Request accepted (success)',
  2: 'More Usage Report to send',
  3: 'Request partially accepted',
  64: 'Request rejected (reason not specified)',
  65: 'Session context not found',
  66: 'Mandatory IE missing',
  67: 'Conditional IE missing',
  68: 'Invalid length',
  69: 'Mandatory IE incorrect',
  70: 'Invalid Forwarding Policy',
  71: 'Invalid F-TEID allocation option',
  72: 'No established PFCP Association',
  73: 'Rule creation/modification Failure',
  74: 'PFCP entity in congestion',
  75: 'No resources available',
  76: 'Service not supported',
  77: 'System failure',
  78: 'Redirection Requested',
  79: 'All dynamic addresses are occupied',
};

/** 1-63 are acceptance values, 64-255 rejections (§8.2.1). */
export function causeAccepted(value: number): boolean {
  return value >= 1 && value <= 63;
}

export function causeName(value: number): string {
  return PFCP_CAUSE_NAMES[value] ?? `cause ${value}`;
}
