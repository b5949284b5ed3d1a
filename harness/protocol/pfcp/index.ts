/** PFCP codec (TS 29.244): Sxa/Sxb/N4 messages, IEs, cause values, helpers. */
export { encode, decode, encodingLength, PFCP_PORT } from './message.ts';
export {
  PFCP_MESSAGE_TYPES,
  messageTypeName,
  messageTypeNumber,
  isSessionMessage,
  type PfcpMessage,
  type PfcpMessageType,
  type KnownMessageType,
} from './messages.ts';
export { PFCP_VERSION } from './header.ts';
export { ieType } from './ie-list.ts';
export { CAUSE, PFCP_CAUSE_NAMES, causeAccepted, causeName } from './cause.ts';
export { GROUPED, type GroupedName } from './ies/grouped.ts';
export { FLAG_BITS, applyAction, flagsIe, hasFlag, flagNames } from './ies/flags.ts';
export { INTERFACE, OUTER_HEADER_REMOVAL } from './ies/rules.ts';
export { OUTER_HEADER_CREATION } from './ies/outer-header-creation.ts';
export { GATE } from './ies/qos.ts';
export { PDN_TYPE } from './ies/pdn-type.ts';
export { nameOfOctets } from './ies/dns-name.ts';
export { ntpSecondsFromDate, dateFromNtpSeconds, recoveryTimeStamp } from './recovery-time.ts';
export type * from './ies/index.ts';
export { sessionRules, downlinkFarUpdate, gtpuOuterHeader, PDR, FAR, type N4SessionParams } from './session-rules.ts';
export { visitedSessionRules, uplinkFarStop, uplinkFarUpdate, type VisitedN4Params } from './home-routed-rules.ts';
import type { PfcpIe, PfcpIeName, IeOf } from './ies/index.ts';

/** The first IE named `ie` in a message or grouped IE (e.g. `findIe(findIe(m, 'create-pdr')!, 'pdi')`). */
export function findIe<K extends PfcpIeName>(msgOrGroup: { ies: readonly PfcpIe[] }, ie: K): IeOf<K> | undefined {
  // A plain loop: no closure per call (stand-ins look up a dozen IEs per request).
  const ies = msgOrGroup.ies;
  for (let i = 0; i < ies.length; i++) if (ies[i].ie === ie) return ies[i] as IeOf<K>;
  return undefined;
}

/** Every IE named `ie` in a message or grouped IE, in order. */
export function findIes<K extends PfcpIeName>(msgOrGroup: { ies: readonly PfcpIe[] }, ie: K): IeOf<K>[] {
  const out: IeOf<K>[] = [];
  const ies = msgOrGroup.ies;
  for (let i = 0; i < ies.length; i++) if (ies[i].ie === ie) out.push(ies[i] as IeOf<K>);
  return out;
}

/** §8.2.4 Network Instance for a name, sent as DNS labels (e.g. `networkInstance('internet')`). */
export function networkInstance(name: string): IeOf<'network-instance'> {
  return { ie: 'network-instance', name };
}
