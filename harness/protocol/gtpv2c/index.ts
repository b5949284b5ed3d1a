/** GTPv2-C codec (TS 29.274): messages, IEs, cause names, helpers. */
export { encode, encodeInto, decode, encodingLength, peekVersion, GTPV2C_PORT, type Gtpv2cMessage } from './message.ts';
export { MESSAGE_TYPES, messageTypeName, hasTeid, type Gtpv2cMessageType, type KnownMessageType } from './messages.ts';
export { ieType } from './ie-list.ts';
export { Gtpv2cTemplate, writeSequence, writeTeid, writeDigits } from './template.ts';
export { CAUSE_NAMES, causeName, gtpv2cCause } from './causes.ts';
export { indication, indicationFlag, INDICATION_FLAGS, type IndicationFlag } from './ies/indication.ts';
export type * from './ies/index.ts';
export type { Tai, Ecgi } from './ies/location.ts';
export { PCO_CONTAINER, type Pco, type PcoContainer } from '../common/pco.ts';
import type { Gtpv2cIe } from './ies/index.ts';

/** The first IE named `ie` (with the given instance, if any) in a message or grouped IE. */
export function findIe<K extends Gtpv2cIe['ie']>(
  msg: { ies: readonly Gtpv2cIe[] },
  ie: K,
  instance?: number,
): Extract<Gtpv2cIe, { ie: K }> | undefined {
  // A plain loop: no closure per lookup (this runs several times for every message handled).
  const ies = msg.ies;
  for (let i = 0; i < ies.length; i++) {
    const x = ies[i];
    if (x.ie === ie && (instance === undefined || x.instance === instance)) return x as Extract<Gtpv2cIe, { ie: K }>;
  }
  return undefined;
}

export function findIes<K extends Gtpv2cIe['ie']>(
  msg: { ies: readonly Gtpv2cIe[] },
  ie: K,
): Extract<Gtpv2cIe, { ie: K }>[] {
  return msg.ies.filter((x) => x.ie === ie) as Extract<Gtpv2cIe, { ie: K }>[];
}
