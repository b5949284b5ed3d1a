import type { PfcpIe } from './ies/index.ts';

/**
 * PFCP message types (TS 29.244 §7.3, Table 7.3-1) this codec names: node related messages
 * (1-49, header without SEID) and session related messages (50-99, header with SEID).
 */
export const PFCP_MESSAGE_TYPES = {
  'heartbeat-request': 1,
  'heartbeat-response': 2,
  'association-setup-request': 5,
  'association-setup-response': 6,
  /** §7.4.4.5/§7.4.4.6: Node ID; the response adds the Cause. */
  'association-release-request': 9,
  'association-release-response': 10,
  'session-establishment-request': 50,
  'session-establishment-response': 51,
  'session-modification-request': 52,
  'session-modification-response': 53,
  'session-deletion-request': 54,
  'session-deletion-response': 55,
} as const;

export type KnownMessageType = keyof typeof PFCP_MESSAGE_TYPES;
export type PfcpMessageType = KnownMessageType | 'unknown';

interface MessageFields {
  /** The SEID of the header (§7.2.2.3); present exactly when the S flag is set (session messages). */
  seid?: bigint;
  /** 24-bit sequence number (§7.2.2.2). */
  sequence: number;
  /** Message priority 0-15 (§7.2.2.3, MP flag; 0 is the highest). */
  priority?: number;
  ies: PfcpIe[];
  /** FO (§7.2.2.1): the message that follows this one in the same datagram. */
  followOn?: PfcpMessage;
  /** Spare header bits a peer set, kept (header.ts). */
  spare?: number;
}

/** A PFCP message, discriminated by `type`; `messageType` carries the number of an unnamed type. */
export type PfcpMessage =
  | ({ type: KnownMessageType; messageType?: undefined } & MessageFields)
  | ({ type: 'unknown'; messageType: number } & MessageFields);

const BY_NUMBER = new Map<number, KnownMessageType>(
  Object.entries(PFCP_MESSAGE_TYPES).map(([k, v]) => [v, k as KnownMessageType]),
);

export function messageTypeName(n: number): PfcpMessageType {
  return BY_NUMBER.get(n) ?? 'unknown';
}

export function messageTypeNumber(m: PfcpMessage): number {
  return m.type === 'unknown' ? m.messageType : PFCP_MESSAGE_TYPES[m.type];
}

/** Session related messages (Table 7.3-1: 50-99) carry a SEID; node related messages do not. */
export function isSessionMessage(type: number): boolean {
  return type >= 50 && type <= 99;
}
