/** GTPv1-C codec (TS 29.060), Gn/Gp. */
export {
  encode,
  decode,
  encodingLength,
  GTPV1C_PORT,
  GTPV1C_MESSAGE_TYPES,
  GTPV1C_CAUSE_NAMES,
  type Gtpv1cMessage,
  type Gtpv1cMessageType,
} from './message.ts';
export type { Gtpv1cIe } from './ies.ts';
import type { Gtpv1cIe } from './ies.ts';

/** §7.7.27 PDP type numbers of the IETF organisation. */
export const PDP_TYPE = { IPV4: 0x21, IPV6: 0x57, IPV4V6: 0x8d } as const;

export function findIe<K extends Gtpv1cIe['ie']>(
  msg: { ies: readonly Gtpv1cIe[] },
  ie: K,
): Extract<Gtpv1cIe, { ie: K }> | undefined {
  return msg.ies.find((x) => x.ie === ie) as Extract<Gtpv1cIe, { ie: K }> | undefined;
}
