import type { ApnIe } from './apn.ts';
import type { FteidIe, IpAddressIe, PaaIe } from './addressing.ts';
import type { CauseIe } from './cause.ts';
import type { ImsiIe, MeiIe, MsisdnIe } from './identities.ts';
import type { IndicationIe } from './indication.ts';
import type { ServingNetworkIe, UliIe } from './location.ts';
import type { ApcoIe, PcoIe, PrivateExtensionIe } from './options.ts';
import type { BearerQosIe } from './qos.ts';
import type { AmbrIe, ChargingIdIe, EbiIe, PdnTypeIe, RatTypeIe, RecoveryIe, SelectionModeIe } from './simple.ts';

/** §8.28 Bearer Context: a grouped IE holding its own IE list. */
export interface BearerContextIe {
  ie: 'bearer-context';
  instance: number;
  ies: Gtpv2cIe[];
}

/** An IE this codec does not model, kept byte-exact (§7.7.7 / §7.7.8: unknown IEs are ignored). */
export interface UnknownIe {
  ie: 'unknown';
  type: number;
  instance: number;
  data: Buffer;
}

/**
 * Every GTPv2-C IE, discriminated by `ie`. `extra` keeps octets past a known IE's defined fields;
 * `headerSpare` the spare bits 8-5 of the IE header's instance octet (§8.2.1) when set.
 */
export type Gtpv2cIe = (
  | ImsiIe
  | MsisdnIe
  | MeiIe
  | CauseIe
  | RecoveryIe
  | ApnIe
  | AmbrIe
  | EbiIe
  | IpAddressIe
  | IndicationIe
  | PcoIe
  | ApcoIe
  | PaaIe
  | BearerQosIe
  | RatTypeIe
  | ServingNetworkIe
  | UliIe
  | FteidIe
  | BearerContextIe
  | ChargingIdIe
  | PdnTypeIe
  | SelectionModeIe
  | PrivateExtensionIe
  | UnknownIe
) & { extra?: Buffer; headerSpare?: number };

export type {
  ApnIe,
  FteidIe,
  IpAddressIe,
  PaaIe,
  CauseIe,
  ImsiIe,
  MeiIe,
  MsisdnIe,
  IndicationIe,
  ServingNetworkIe,
  UliIe,
  ApcoIe,
  PcoIe,
  PrivateExtensionIe,
  BearerQosIe,
  AmbrIe,
  ChargingIdIe,
  EbiIe,
  PdnTypeIe,
  RatTypeIe,
  RecoveryIe,
  SelectionModeIe,
};
