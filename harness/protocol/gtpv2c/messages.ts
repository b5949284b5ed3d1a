/** GTPv2-C message types (TS 29.274 §6.1, Table 6.1-1) that the harness names. */
export const MESSAGE_TYPES = {
  'echo-request': 1,
  'echo-response': 2,
  'version-not-supported': 3,
  'create-session-request': 32,
  'create-session-response': 33,
  'modify-bearer-request': 34,
  'modify-bearer-response': 35,
  'delete-session-request': 36,
  'delete-session-response': 37,
  'create-bearer-request': 95,
  'create-bearer-response': 96,
  'update-bearer-request': 97,
  'update-bearer-response': 98,
  'delete-bearer-request': 99,
  'delete-bearer-response': 100,
  'release-access-bearers-request': 170,
  'release-access-bearers-response': 171,
} as const;

export type KnownMessageType = keyof typeof MESSAGE_TYPES;
export type Gtpv2cMessageType = KnownMessageType | 'unknown';

const BY_NUMBER = new Map<number, KnownMessageType>(
  Object.entries(MESSAGE_TYPES).map(([k, v]) => [v, k as KnownMessageType]),
);

export function messageTypeName(n: number): Gtpv2cMessageType {
  return BY_NUMBER.get(n) ?? 'unknown';
}

/** §5.5.1: Echo and Version Not Supported Indication have no TEID field (T = 0). */
export function hasTeid(type: Gtpv2cMessageType): boolean {
  return type !== 'echo-request' && type !== 'echo-response' && type !== 'version-not-supported';
}
