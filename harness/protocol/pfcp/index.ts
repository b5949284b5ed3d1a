/** PFCP codec (TS 29.244), Sxa/Sxb/N4. */
export { encode, decode, encodingLength, PFCP_PORT, PFCP_MESSAGE_TYPES, PFCP_CAUSE_NAMES, type PfcpMessage, type PfcpMessageType } from './message.ts';
export { applyAction, APPLY_ACTION, OUTER_HEADER_CREATION, GROUPED, type PfcpIe } from './ies.ts';
import type { PfcpIe } from './ies.ts';

export function findIe<K extends PfcpIe['ie']>(msg: { ies: readonly PfcpIe[] }, ie: K): Extract<PfcpIe, { ie: K }> | undefined {
  return msg.ies.find((x) => x.ie === ie) as Extract<PfcpIe, { ie: K }> | undefined;
}

/** Seconds since 1900-01-01 (NTP era 0), as Recovery Time Stamp carries them (§8.2.65). */
export function ntpSeconds(d: Date): number {
  return (Math.floor(d.getTime() / 1000) + 2_208_988_800) >>> 0;
}
