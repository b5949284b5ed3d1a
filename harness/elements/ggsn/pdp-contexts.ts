import { Ipv4Pool, Ipv6PrefixPool } from '../common/address-pools.ts';
import { AddressIndex } from '../common/address-index.ts';
import type { UserPlaneSession } from '../common/ipv6-first-hop.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import type { AccountedPdn } from '../common/radius-accounting.ts';
import type { PdnType } from '../common/pdn-type-decision.ts';

/**
 * The GGSN's PDP contexts (TS 29.060 §7.3; TS 29.061 §11.2.1.3): by its TEIDs, by IMSI and NSAPI
 * (§7.3.1: a Create for an active PDP context replaces it), by the SGSN path that set them up
 * (TS 23.007 §18), and by the UE's addresses for UE-to-UE and SGi-to-UE routing; with the APNs'
 * address pools. The procedures live in create-pdp-context.ts and update-pdp-context.ts.
 */
export interface PdpContext extends UserPlaneSession {
  apn: string;
  imsi: string;
  /** From the request's MSISDN IE (TS 29.060 §7.7.33), without its address type. */
  msisdn?: string;
  pdpType: PdnType;
  /** The GGSN's TEID-C and TEID-U (one number here), also the Charging ID (§7.7.26). */
  teid: number;
  nsapi: number;
  /** The SGSN's TEID-C (§7.7.14), the TEID of every message the GGSN sends it. */
  sgsnTeidControl: number;
  /** The SGSN's GTP-C endpoint: its SGSN Address for Control Plane and the port its requests come from. */
  sgsn: { address: string; port: number };
  /** The GTP-C path to the SGSN that set it up, as "address|port" (TS 23.007 §18 restart handling). */
  path: string;
  ipv4?: string;
  config: ApnConfig;
}

export class PdpContextTable {
  private readonly byTeid = new Map<number, PdpContext>();
  private readonly byImsiNsapi = new Map<string, PdpContext>();
  private readonly addresses = new AddressIndex<PdpContext>();
  private readonly pools = new Map<string, { v6: Ipv6PrefixPool; v4: Ipv4Pool }>();
  private nextTeid = 0x2000;

  constructor(
    /** Told when a PDP context is created and when it is released (RADIUS accounting, TS 29.061 §16). */
    private readonly onContext: (event: 'start' | 'stop', pdn: AccountedPdn) => void = () => {},
  ) {}

  get count(): number {
    return this.byTeid.size;
  }

  newTeid(): number {
    return this.nextTeid++;
  }

  byControlTeid(teid: number): PdpContext | undefined {
    return this.byTeid.get(teid);
  }

  /** The user plane's lookup: TEID-U and TEID-C are the same number here. */
  byDataTeid(teid: number): PdpContext | undefined {
    return this.byTeid.get(teid);
  }

  byAddress(address: string): PdpContext | undefined {
    return this.addresses.byAddress(address);
  }

  active(imsi: string, nsapi: number): PdpContext | undefined {
    return this.byImsiNsapi.get(`${imsi}|${nsapi}`);
  }

  /** The contexts set up over one SGSN path. */
  ofPath(path: string): PdpContext[] {
    return [...this.byTeid.values()].filter((c) => c.path === path);
  }

  /** The paths in use (TS 29.060 §7.2.1: Echo is sent on those), with where their SGSN listens. */
  paths(): Map<string, { address: string; port: number }> {
    const out = new Map<string, { address: string; port: number }>();
    for (const c of this.byTeid.values()) if (!out.has(c.path)) out.set(c.path, c.sgsn);
    return out;
  }

  /** Addresses from the APN's pools for the granted family; undefined when a pool is exhausted. */
  allocate(apn: string, cfg: ApnConfig, granted: PdnType): { prefix?: string; ipv4?: string } | undefined {
    let pools = this.pools.get(apn);
    if (!pools) this.pools.set(apn, (pools = { v6: new Ipv6PrefixPool(cfg.ipv6Pool), v4: new Ipv4Pool(cfg.ipv4Pool) }));
    const prefix = granted !== 'ipv4' ? pools.v6.allocate() : undefined;
    const ipv4 = granted !== 'ipv6' ? pools.v4.allocate() : undefined;
    if ((granted !== 'ipv4' && !prefix) || (granted !== 'ipv6' && !ipv4)) {
      if (prefix) pools.v6.release(prefix);
      if (ipv4) pools.v4.release(ipv4);
      return undefined;
    }
    return { prefix, ipv4 };
  }

  add(ctx: PdpContext): void {
    this.byTeid.set(ctx.teid, ctx);
    this.byImsiNsapi.set(`${ctx.imsi}|${ctx.nsapi}`, ctx);
    this.addresses.add(ctx);
    this.onContext('start', accounted(ctx));
  }

  /** Everything is lost on restart (TS 23.007 §18): no accounting, the state is gone. */
  clear(): void {
    this.byTeid.clear();
    this.byImsiNsapi.clear();
    this.addresses.clear();
    this.pools.clear();
  }

  /** Releases the context, its addresses and its index entries; accounting is told. */
  release(ctx: PdpContext): void {
    if (!this.byTeid.delete(ctx.teid)) return;
    const key = `${ctx.imsi}|${ctx.nsapi}`;
    if (this.byImsiNsapi.get(key) === ctx) this.byImsiNsapi.delete(key);
    this.addresses.remove(ctx);
    const pools = this.pools.get(ctx.apn);
    if (ctx.ipv6Prefix) pools?.v6.release(ctx.ipv6Prefix);
    if (ctx.ipv4) pools?.v4.release(ctx.ipv4);
    this.onContext('stop', accounted(ctx));
  }
}

/** A PDP context as accounting sees it: its TEID is both the session number and the Charging ID (§7.3.2). */
function accounted(c: PdpContext): AccountedPdn {
  return {
    id: c.teid,
    imsi: c.imsi,
    msisdn: c.msisdn,
    apn: c.apn.toLowerCase(),
    pdnType: c.pdpType,
    chargingId: c.teid,
    ipv6Prefix: c.ipv6Prefix,
    ipv4: c.ipv4,
  };
}
