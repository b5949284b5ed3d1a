import { findIe, findIes, type IeOf, type PfcpIe } from '../../protocol/pfcp/index.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import type { UserPlaneSession } from '../common/ipv6-first-hop.ts';

/**
 * PFCP sessions on the UP function (TS 29.244 §5.2): the CP function's F-SEID, ours, and the rules
 * that matter to this stand-in: the uplink PDR's F-TEID (chosen here when CH is set, one per
 * CHOOSE ID, §5.5.3) and UE IP address (the UE's /64), and the downlink FAR's Outer Header
 * Creation (where G-PDUs toward the UE go). The UE's interface identifier is the CP function's
 * business, so any link-local source is accepted on the bearer.
 */
export interface SxSession extends UserPlaneSession {
  cpSeid: bigint;
  upSeid: bigint;
  cpAddress: string;
  uplinkTeid?: number;
}

export class SxSessions {
  private readonly byUpSeid = new Map<bigint, SxSession>();
  private readonly byTeid = new Map<number, SxSession>();
  private nextSeid = 0x5e1d0001n;
  private nextTeid = 0x0a000001;

  allocateSeid(): bigint {
    return this.nextSeid++;
  }

  allocateTeid(): number {
    return this.nextTeid++;
  }

  add(s: SxSession): void {
    this.byUpSeid.set(s.upSeid, s);
    if (s.uplinkTeid !== undefined) this.byTeid.set(s.uplinkTeid, s);
  }

  remove(s: SxSession): void {
    this.byUpSeid.delete(s.upSeid);
    if (s.uplinkTeid !== undefined) this.byTeid.delete(s.uplinkTeid);
  }

  bySeid(seid: bigint): SxSession | undefined {
    return this.byUpSeid.get(seid);
  }

  byUserPlaneTeid(teid: number): SxSession | undefined {
    return this.byTeid.get(teid);
  }

  clear(): void {
    this.byUpSeid.clear();
    this.byTeid.clear();
  }
}

/** The Outer Header Creation of the FAR whose destination is Access (the downlink toward the UE). */
export function downlinkPeer(fars: readonly PfcpIe[]): { teid: number; address: string } | undefined {
  for (const far of fars) {
    if (far.ie !== 'create-far' && far.ie !== 'update-far') continue;
    const fp = findIe(
      far as { ies: PfcpIe[] },
      far.ie === 'create-far' ? 'forwarding-parameters' : 'update-forwarding-parameters',
    );
    const ohc = fp
      ? (findIe(fp as { ies: PfcpIe[] }, 'outer-header-creation') as IeOf<'outer-header-creation'> | undefined)
      : undefined;
    const address = ohc?.ipv6 ?? ohc?.ipv4;
    // The downlink goes to Access (§8.2.24); a FAR toward the CP function (Sxb-u) is not the UE's path.
    const dest = fp
      ? (findIe(fp as { ies: PfcpIe[] }, 'destination-interface') as IeOf<'destination-interface'> | undefined)
      : undefined;
    if (dest !== undefined && dest.value !== 0) continue;
    if (ohc?.teid !== undefined && address) return { teid: ohc.teid, address };
  }
  return undefined;
}

/** The UE's IPv6 prefix from a PDR's PDI (UE IP Address with V6, §8.2.62). */
export function uePrefix(pdrs: readonly PfcpIe[]): string | undefined {
  for (const pdr of pdrs) {
    const pdi = findIe(pdr as { ies: PfcpIe[] }, 'pdi');
    const ue = pdi ? findIes(pdi as { ies: PfcpIe[] }, 'ue-ip-address').find((u) => u.ipv6) : undefined;
    if (ue?.ipv6) return ue.ipv6;
  }
  return undefined;
}

export function apnOf(pdrs: readonly PfcpIe[], apns: Readonly<Record<string, ApnConfig>>): ApnConfig | undefined {
  for (const pdr of pdrs) {
    const pdi = findIe(pdr as { ies: PfcpIe[] }, 'pdi');
    const ni = pdi ? findIe(pdi as { ies: PfcpIe[] }, 'network-instance') : undefined;
    if (ni && apns[ni.name]) return apns[ni.name];
  }
  return Object.values(apns)[0];
}
