/**
 * One PDN connection as the SGW holds it (TS 23.401 §5.7.2, the S-GW's EPS bearer context): the
 * MME's and its own S11 TEIDs, its S5/S8 TEIDs toward the PGW, and the S1-U and S5/S8-U tunnel
 * ends of the default bearer.
 */
export interface GtpuPeer {
  teid: number;
  address: string;
  /** UDP port the peer sends from (2152 in a real network; learned in in-process labs). */
  port?: number;
}

export interface SgwSession {
  imsi: string;
  ebi: number;
  /** The MME's S11 F-TEID (Sender F-TEID of the Create Session Request). */
  mmeTeid: number;
  mme: { address: string; port: number };
  sgwS11Teid: number;
  sgwS5cTeid: number;
  /** The PGW's S5/S8-C TEID and where its GTP-C is. */
  pgwTeid?: number;
  pgw: { address: string; port: number };
  /** Our S1-U TEID (the eNodeB sends uplink to it) and S5/S8-U TEID (the PGW sends downlink to it). */
  sgwS1uTeid: number;
  sgwS5uTeid: number;
  pgwU?: GtpuPeer;
  enb?: GtpuPeer;
}

/** Sessions by each of the SGW's TEIDs; a TEID is never reused while its session lives. */
export class SgwSessions {
  private readonly byS11 = new Map<number, SgwSession>();
  private readonly byS5c = new Map<number, SgwSession>();
  private readonly byUserPlane = new Map<number, { session: SgwSession; side: 's1u' | 's5u' }>();
  private nextTeid = 0x100;

  allocateTeid(): number {
    const t = this.nextTeid;
    this.nextTeid = this.nextTeid >= 0xfffffff0 ? 0x100 : this.nextTeid + 1;
    return t;
  }

  add(s: SgwSession): void {
    this.byS11.set(s.sgwS11Teid, s);
    this.byS5c.set(s.sgwS5cTeid, s);
    this.byUserPlane.set(s.sgwS1uTeid, { session: s, side: 's1u' });
    this.byUserPlane.set(s.sgwS5uTeid, { session: s, side: 's5u' });
  }

  remove(s: SgwSession): void {
    this.byS11.delete(s.sgwS11Teid);
    this.byS5c.delete(s.sgwS5cTeid);
    this.byUserPlane.delete(s.sgwS1uTeid);
    this.byUserPlane.delete(s.sgwS5uTeid);
  }

  byS11Teid(teid: number): SgwSession | undefined {
    return this.byS11.get(teid);
  }

  byS5cTeid(teid: number): SgwSession | undefined {
    return this.byS5c.get(teid);
  }

  byUserPlaneTeid(teid: number): { session: SgwSession; side: 's1u' | 's5u' } | undefined {
    return this.byUserPlane.get(teid);
  }

  get count(): number {
    return this.byS11.size;
  }

  clear(): void {
    this.byS11.clear();
    this.byS5c.clear();
    this.byUserPlane.clear();
  }
}
