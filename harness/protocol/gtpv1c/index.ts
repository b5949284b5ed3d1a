/** GTPv1-C codec (TS 29.060), Gn/Gp. */
export {
  encode,
  decode,
  encodingLength,
  GTPV1C_PORT,
  GTPV1C_MESSAGE_TYPES,
  type Gtpv1cMessage,
  type Gtpv1cMessageType,
} from './message.ts';
export { ieType } from './ie-list.ts';
export { GTPV1C_CAUSE, GTPV1C_CAUSE_NAMES, gtpv1cCause } from './causes.ts';
export { COMMON_FLAGS, commonFlag, commonFlags, type CommonFlag } from './ies/flags.ts';
export type * from './ies/index.ts';
export type { ExtensionHeader } from '../gtpu/extension-headers.ts';
import type { Gtpv1cIe } from './ies/index.ts';

/** §7.7.27 PDP type numbers of the IETF organisation. */
export const PDP_TYPE = { IPV4: 0x21, IPV6: 0x57, IPV4V6: 0x8d } as const;

export function findIe<K extends Gtpv1cIe['ie']>(
  msg: { ies: readonly Gtpv1cIe[] },
  ie: K,
): Extract<Gtpv1cIe, { ie: K }> | undefined {
  return msg.ies.find((x) => x.ie === ie) as Extract<Gtpv1cIe, { ie: K }> | undefined;
}

/** Every IE of one kind, in message order (e.g. the two GSN Addresses, §7.3.1). */
export function findIes<K extends Gtpv1cIe['ie']>(
  msg: { ies: readonly Gtpv1cIe[] },
  ie: K,
): Extract<Gtpv1cIe, { ie: K }>[] {
  return msg.ies.filter((x): x is Extract<Gtpv1cIe, { ie: K }> => x.ie === ie);
}
