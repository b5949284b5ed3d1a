import type { FteidIe, Gtpv2cIe } from '../../protocol/gtpv2c/index.ts';
import { pcoRequest, type PcoRequest } from './pco-request.ts';
import type { Plmn } from '../../protocol/common/plmn.ts';

/**
 * The parts of a Create Session Request (TS 29.274 §7.2.1) the MME (S11) and the SGW (S5/S8)
 * send alike: the PDN type with an empty PAA for dynamic allocation (§8.14), APN-AMBR, the PCO
 * containers asked for (TS 24.008 §10.5.6.3), and the default bearer's EBI and QoS (§8.15).
 */
export type PdnFamily = 'ipv4' | 'ipv6' | 'ipv4v6';
export type { PcoRequest };

const PDN: Record<PdnFamily, number> = { ipv4: 1, ipv6: 2, ipv4v6: 3 };

export function pdnTypeIes(pdnType: PdnFamily, pco: readonly PcoRequest[] | undefined): Gtpv2cIe[] {
  if (!pco?.length) return [...PDN_TYPE_IES[pdnType]];
  return [...pdnTypeIesOf(pdnType), { ie: 'pco', instance: 0, ...pcoRequest(pco) }];
}

/** The same IEs without PCO, built once per PDN type: a load sends them in every request. */
const PDN_TYPE_IES: Record<PdnFamily, readonly Gtpv2cIe[]> = {
  ipv4: pdnTypeIesOf('ipv4'),
  ipv6: pdnTypeIesOf('ipv6'),
  ipv4v6: pdnTypeIesOf('ipv4v6'),
};

function pdnTypeIesOf(pdnType: PdnFamily): Gtpv2cIe[] {
  return [
    { ie: 'selection-mode', instance: 0, mode: 0 },
    { ie: 'pdn-type', instance: 0, pdnType: PDN[pdnType] },
    pdnType === 'ipv4'
      ? { ie: 'paa', instance: 0, pdnType: 1, ipv4: '0.0.0.0' }
      : pdnType === 'ipv6'
        ? { ie: 'paa', instance: 0, pdnType: 2, prefixLength: 0, ipv6: '::' }
        : { ie: 'paa', instance: 0, pdnType: 3, prefixLength: 0, ipv6: '::', ipv4: '0.0.0.0' },
    { ie: 'ambr', instance: 0, uplink: 100_000, downlink: 100_000 },
  ];
}

/** The default bearer to be created (§7.2.1 Table 7.2.1-2), with the sender's user-plane F-TEID if any. */
export function defaultBearerContext(ebi: number, userPlane?: FteidIe): Gtpv2cIe {
  const ies: Gtpv2cIe[] = [{ ie: 'ebi', instance: 0, ebi }, DEFAULT_BEARER_QOS];
  if (userPlane) ies.push(userPlane);
  return { ie: 'bearer-context', instance: 0, ies };
}

/** QCI 9, ARP 9 with pre-emption capability off (PCI set), no bit rates (a non-GBR default bearer). */
const DEFAULT_BEARER_QOS: Gtpv2cIe = {
  ie: 'bearer-qos',
  instance: 0,
  pci: true,
  priorityLevel: 9,
  pvi: false,
  qci: 9,
  mbrUplink: 0,
  mbrDownlink: 0,
  gbrUplink: 0,
  gbrDownlink: 0,
};

/** Where the UE attaches from: the serving PLMN and the E-UTRAN cell (TAI and ECGI, TS 29.274 §8.21.4-5). */
export interface AttachLocation {
  servingNetwork: Plmn;
  tai: Plmn & { tac: number };
  ecgi: Plmn & { eci: number };
}

/** A home-network attach in the lab's PLMN 001-01, cell 0x101 of TAC 1. */
export const HOME_LOCATION: AttachLocation = {
  servingNetwork: { mcc: '001', mnc: '01' },
  tai: { mcc: '001', mnc: '01', tac: 1 },
  ecgi: { mcc: '001', mnc: '01', eci: 0x101 },
};

/**
 * TS 29.274 Table 7.2.1-1 for an E-UTRAN initial attach: User Location Information (§8.21: C on
 * S11; on S5/S8 the SGW includes what it received from the MME) and Serving Network (§8.18: C on
 * S11 and S5/S8 for an E-UTRAN initial attach), both of the cell the UE attaches from.
 */
export function attachLocationIes(l: AttachLocation = HOME_LOCATION): Gtpv2cIe[] {
  if (l === HOME_LOCATION) return [...HOME_LOCATION_IES];
  return locationIes(l);
}

function locationIes(l: AttachLocation): Gtpv2cIe[] {
  return [
    { ie: 'uli', instance: 0, tai: l.tai, ecgi: l.ecgi },
    { ie: 'serving-network', instance: 0, mcc: l.servingNetwork.mcc, mnc: l.servingNetwork.mnc },
  ];
}

/** The home cell's IEs, built once (a load sends them in every Create Session Request). */
const HOME_LOCATION_IES: readonly Gtpv2cIe[] = locationIes(HOME_LOCATION);
