import type { ChargingGatewayAddressIe, EndUserAddressIe, GsnAddressIe } from './addressing.ts';
import type { ApnRestrictionIe, CommonFlagsIe, ExtensionHeaderTypeListIe } from './flags.ts';
import type { ImeiSvIe, ImsiIe, MsisdnIe } from './identities.ts';
import type { MsTimeZoneIe, RaiIe, UliIe } from './location.ts';
import type { ApnIe, PcoIe, PrivateExtensionIe } from './options.ts';
import type { ApnAmbrIe, QosProfileIe } from './qos.ts';
import type {
  CauseIe,
  ChargingCharacteristicsIe,
  ChargingIdIe,
  NsapiIe,
  RatTypeIe,
  RecoveryIe,
  ReorderingRequiredIe,
  SelectionModeIe,
  TeardownIndIe,
  TeidControlPlaneIe,
  TeidDataIIe,
} from './simple.ts';

/**
 * An IE this codec does not model, kept byte-exact (TS 29.060 §7.7: a TV type's length comes from
 * Table 37; §11.1.3: unknown IEs are ignored, not rejected). Types below 128 are TV.
 */
export interface UnknownIe {
  ie: 'unknown';
  type: number;
  data: Buffer;
}

/** Every GTPv1-C IE, discriminated by `ie`. `extra` keeps octets past a TLV IE's known fields. */
export type Gtpv1cIe = (
  | CauseIe
  | ImsiIe
  | RaiIe
  | ReorderingRequiredIe
  | RecoveryIe
  | SelectionModeIe
  | TeidDataIIe
  | TeidControlPlaneIe
  | TeardownIndIe
  | NsapiIe
  | ChargingCharacteristicsIe
  | ChargingIdIe
  | EndUserAddressIe
  | ApnIe
  | PcoIe
  | GsnAddressIe
  | MsisdnIe
  | QosProfileIe
  | ExtensionHeaderTypeListIe
  | CommonFlagsIe
  | ApnRestrictionIe
  | RatTypeIe
  | UliIe
  | MsTimeZoneIe
  | ImeiSvIe
  | ApnAmbrIe
  | ChargingGatewayAddressIe
  | PrivateExtensionIe
  | UnknownIe
) & { extra?: Buffer };

export type {
  ApnAmbrIe,
  ApnIe,
  ApnRestrictionIe,
  CauseIe,
  ChargingCharacteristicsIe,
  ChargingGatewayAddressIe,
  ChargingIdIe,
  CommonFlagsIe,
  EndUserAddressIe,
  ExtensionHeaderTypeListIe,
  GsnAddressIe,
  ImeiSvIe,
  ImsiIe,
  MsisdnIe,
  MsTimeZoneIe,
  NsapiIe,
  PcoIe,
  PrivateExtensionIe,
  QosProfileIe,
  RaiIe,
  RatTypeIe,
  RecoveryIe,
  ReorderingRequiredIe,
  SelectionModeIe,
  TeardownIndIe,
  TeidControlPlaneIe,
  TeidDataIIe,
  UliIe,
};
