import type { FlagsIe, FlagsIeName } from './flags.ts';
import type { FteidIe } from './f-teid.ts';
import type { GroupedIe, GroupedName } from './grouped.ts';
import type { NetworkInstanceIe } from './network-instance.ts';
import type { CauseIe, FseidIe, NodeIdIe, OffendingIe, RecoveryTimeStampIe } from './node.ts';
import type { OuterHeaderCreationIe } from './outer-header-creation.ts';
import type { PdnTypeIe } from './pdn-type.ts';
import type { SdfFilterIe } from './sdf-filter.ts';
import type { InterfaceIe, OuterHeaderRemovalIe, PrecedenceIe, RuleIdIe } from './rules.ts';
import type { UeIpAddressIe } from './ue-ip-address.ts';
import type { MeasurementMethodIe, VolumeThresholdIe } from './usage.ts';

/**
 * An IE this codec does not model (TS 29.244 §8.1.1), kept as its value octets and written back
 * unchanged. Vendor-specific IEs (type ≥ 32768) carry their 2-octet Enterprise ID (IANA SMI
 * network management private enterprise code) in `enterpriseId`, the rest in `data`.
 */
export interface UnknownIe {
  ie: 'unknown';
  type: number;
  /** Present exactly when type ≥ 32768. */
  enterpriseId?: number;
  data: Buffer;
}

/** Every PFCP IE, discriminated by `ie`. */
export type PfcpIe =
  | CauseIe
  | NodeIdIe
  | FseidIe
  | RecoveryTimeStampIe
  | OffendingIe
  | RuleIdIe<'pdr-id'>
  | RuleIdIe<'far-id'>
  | RuleIdIe<'urr-id'>
  | RuleIdIe<'qer-id'>
  | PrecedenceIe
  | InterfaceIe<'source-interface'>
  | InterfaceIe<'destination-interface'>
  | FteidIe
  | NetworkInstanceIe
  | UeIpAddressIe
  | OuterHeaderRemovalIe
  | OuterHeaderCreationIe
  | { [K in FlagsIeName]: FlagsIe<K> }[FlagsIeName]
  | MeasurementMethodIe
  | VolumeThresholdIe
  | PdnTypeIe
  | SdfFilterIe
  | { [K in GroupedName]: GroupedIe<K> }[GroupedName]
  | UnknownIe;

export type PfcpIeName = PfcpIe['ie'];
/** The IE type for a name, e.g. `IeOf<'f-teid'>`. */
export type IeOf<K extends PfcpIeName> = Extract<PfcpIe, { ie: K }>;

export type * from './flags.ts';
export type * from './f-teid.ts';
export type * from './grouped.ts';
export type * from './network-instance.ts';
export type * from './node.ts';
export type * from './outer-header-creation.ts';
export type * from './pdn-type.ts';
export type * from './sdf-filter.ts';
export type * from './rules.ts';
export type * from './ue-ip-address.ts';
export type * from './usage.ts';
