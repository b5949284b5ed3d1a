import { findIe, PDP_TYPE, type Gtpv1cIe, type Gtpv1cMessage } from '../../protocol/gtpv1c/index.ts';
import { answerPco } from '../common/pco-answer.ts';
import { Writer } from '../../protocol/common/cursor.ts';
import { pcoLength, writePco, type Pco } from '../../protocol/common/pco.ts';
import { addressBytes, addressString } from '../../protocol/common/ip-bytes.ts';
import { Ipv4Pool, Ipv6PrefixPool, randomInterfaceId } from '../common/address-pools.ts';
import type { UserPlaneSession } from '../common/ipv6-first-hop.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import type { GgsnFault } from './faults.ts';
import { WindowCounter } from './window-counter.ts';
import type { AccountedPdn } from '../common/radius-accounting.ts';

/**
 * PDP contexts on the GGSN (TS 29.060 §7.3.1-§7.3.6; TS 29.061 §11.2.1.3): the APN's policy
 * decides the PDP type (End User Address 0x21, 0x57 or 0x8D, §7.7.27), the pools give a /64 with
 * an interface identifier and an IPv4 address.
 */

interface PdpContext extends UserPlaneSession {
  apn: string;
  imsi: string;
  /** From the request's MSISDN IE (TS 29.060 §7.7.33), without its address type. */
  msisdn?: string;
  pdpType: 'ipv4' | 'ipv6' | 'ipv4v6';
  teidControl: number;
  teidData: number;
  sgsnTeidControl: number;
  ipv4?: string;
  nsapi: number;
  config: ApnConfig;
}

const CAUSE = {
  ACCEPTED: 128,
  NON_EXISTENT: 192,
  NO_RESOURCES: 199,
  MANDATORY_IE_MISSING: 202,
  MISSING_APN: 211,
  UNKNOWN_PDP_TYPE: 220,
} as const;

export class PdpContextTable {
  private readonly byTeid = new Map<number, PdpContext>();
  private readonly pools = new Map<string, { v6: Ipv6PrefixPool; v4: Ipv4Pool }>();
  private nextTeid = 0x2000;
  /** The low-overload-threshold fault's admission: 10 Create PDP Context per 100 ms. */
  private readonly admission = new WindowCounter(100, 10);

  constructor(
    private readonly apns: Readonly<Record<string, ApnConfig>>,
    private readonly faults: ReadonlySet<GgsnFault>,
    private readonly address: string,
    /** Told when a PDP context is created and when it is deleted (RADIUS accounting, TS 29.061 §16). */
    private readonly onContext: (event: 'start' | 'stop', pdn: AccountedPdn) => void = () => {},
  ) {}

  get count(): number {
    return this.byTeid.size;
  }

  byDataTeid(teid: number): UserPlaneSession | undefined {
    return this.byTeid.get(teid);
  }

  create(req: Gtpv1cMessage, restartCounter: number): Gtpv1cMessage {
    const sgsnC = findIe(req, 'teid-control-plane')?.teid ?? 0;
    const reply = (cause: number, ies: Gtpv1cIe[] = []): Gtpv1cMessage => ({
      type: 'create-pdp-context-response',
      teid: sgsnC,
      sequence: req.sequence,
      ies: [{ ie: 'cause', value: cause }, ...ies],
    });
    if (this.faults.has('low-overload-threshold') && !this.admission.admit(performance.now()))
      return reply(CAUSE.NO_RESOURCES);
    const eua = findIe(req, 'end-user-address');
    const apnIe = findIe(req, 'apn');
    const sgsnD = findIe(req, 'teid-data-i');
    const gsn = req.ies.filter((ie): ie is Extract<Gtpv1cIe, { ie: 'gsn-address' }> => ie.ie === 'gsn-address');
    if (!eua || !apnIe || !sgsnD || gsn.length < 2) return reply(CAUSE.MANDATORY_IE_MISSING);
    const cfg = this.apns[apnIe.apn.toLowerCase()];
    if (!cfg) return reply(CAUSE.MISSING_APN);
    const requested =
      eua.pdpType === PDP_TYPE.IPV6
        ? 'ipv6'
        : eua.pdpType === PDP_TYPE.IPV4
          ? 'ipv4'
          : eua.pdpType === PDP_TYPE.IPV4V6
            ? 'ipv4v6'
            : undefined;
    if (!requested) return reply(CAUSE.UNKNOWN_PDP_TYPE);
    // TS 23.060 §9.2.1: a dual-stack request on a single-family APN gets that family; a family the APN lacks is refused.
    let granted: 'ipv4' | 'ipv6' | 'ipv4v6' | undefined = requested;
    if (cfg.pdnTypes !== 'ipv4v6' && requested !== cfg.pdnTypes)
      granted = requested === 'ipv4v6' ? cfg.pdnTypes : undefined;
    if (!granted) return reply(CAUSE.UNKNOWN_PDP_TYPE);
    let pools = this.pools.get(apnIe.apn);
    if (!pools)
      this.pools.set(apnIe.apn, (pools = { v6: new Ipv6PrefixPool(cfg.ipv6Pool), v4: new Ipv4Pool(cfg.ipv4Pool) }));
    const prefix = granted !== 'ipv4' ? pools.v6.allocate() : undefined;
    const ipv4 = granted !== 'ipv6' ? pools.v4.allocate() : undefined;
    if ((granted !== 'ipv4' && !prefix) || (granted !== 'ipv6' && !ipv4)) {
      if (prefix) pools.v6.release(prefix);
      if (ipv4) pools.v4.release(ipv4);
      return reply(CAUSE.NO_RESOURCES);
    }
    const interfaceId = prefix ? randomInterfaceId() : undefined;
    const teid = this.nextTeid++;
    const ctx: PdpContext = {
      apn: apnIe.apn,
      imsi: findIe(req, 'imsi')?.digits ?? '',
      msisdn: findIe(req, 'msisdn')?.digits,
      pdpType: granted,
      teidControl: teid,
      teidData: teid,
      sgsnTeidControl: sgsnC,
      ipv6Prefix: prefix,
      interfaceId,
      ipv4,
      nsapi: findIe(req, 'nsapi')?.nsapi ?? 5,
      peerUserPlane: { teid: sgsnD.teid, address: gsn[1].address },
      config: cfg,
    };
    this.byTeid.set(teid, ctx);
    this.onContext('start', accounted(ctx));
    let ipv6: string | undefined;
    if (prefix && interfaceId) {
      const p = addressBytes(prefix);
      addressBytes(interfaceId).copy(p, 8, 8);
      ipv6 = addressString(p);
    }
    const ies: Gtpv1cIe[] = [
      { ie: 'reordering-required', required: false },
      { ie: 'recovery', restartCounter },
      { ie: 'teid-data-i', teid },
      { ie: 'teid-control-plane', teid },
      // §7.3.2: Charging ID is conditional on acceptance; libgtp peers (sgsnemu, osmo-sgsn) require it.
      { ie: 'charging-id', chargingId: teid },
    ];
    if (!this.faults.has('missing-eua')) {
      ies.push({
        ie: 'end-user-address',
        pdpTypeOrganization: 1,
        pdpType: granted === 'ipv6' ? PDP_TYPE.IPV6 : granted === 'ipv4' ? PDP_TYPE.IPV4 : PDP_TYPE.IPV4V6,
        ...(ipv4 ? { ipv4 } : {}),
        ...(ipv6 ? { ipv6 } : {}),
      });
    }
    // TS 29.060 §7.3.2 (PCO, type 132: after the EUA, before the GSN Addresses); TS 29.061 §11.2.1.5.
    const pco = answerPco(findIe(req, 'pco'), {
      apn: cfg,
      granted,
      ipv4,
      withDns: !this.faults.has('no-pco-dns'),
      ipcp: this.faults.has('ipcp-ignored')
        ? 'ignore'
        : this.faults.has('ipcp-ack-unchanged')
          ? 'ack-unchanged'
          : 'negotiate',
    });
    if (pco) ies.push({ ie: 'pco', ...(this.faults.has('pco-overrun') ? overrun(pco) : pco) });
    ies.push(
      { ie: 'gsn-address', address: this.address },
      { ie: 'gsn-address', address: this.address },
      { ie: 'qos-profile', allocationRetentionPriority: 2, data: Buffer.from('0b921f', 'hex') },
    );
    return reply(CAUSE.ACCEPTED, ies);
  }

  delete(req: Gtpv1cMessage): Gtpv1cMessage {
    const ctx = this.byTeid.get(req.teid);
    if (!ctx)
      return {
        type: 'delete-pdp-context-response',
        teid: 0,
        sequence: req.sequence,
        ies: [{ ie: 'cause', value: CAUSE.NON_EXISTENT }],
      };
    this.byTeid.delete(req.teid);
    this.onContext('stop', accounted(ctx));
    const pools = this.pools.get(ctx.apn);
    if (ctx.ipv6Prefix) pools?.v6.release(ctx.ipv6Prefix);
    if (ctx.ipv4) pools?.v4.release(ctx.ipv4);
    return {
      type: 'delete-pdp-context-response',
      teid: ctx.sgsnTeidControl,
      sequence: req.sequence,
      ies: [{ ie: 'cause', value: CAUSE.ACCEPTED }],
    };
  }
}

/** A PDP context as accounting sees it: its TEID is both the session number and the Charging ID (§7.3.2). */
function accounted(c: PdpContext): AccountedPdn {
  return {
    id: c.teidControl,
    imsi: c.imsi,
    msisdn: c.msisdn,
    apn: c.apn.toLowerCase(),
    pdnType: c.pdpType,
    chargingId: c.teidControl,
    ipv6Prefix: c.ipv6Prefix,
    ipv4: c.ipv4,
  };
}

/** The pco-overrun fault: the PCO gains a DNS container whose length says 4 octets where 1 follows. */
function overrun(pco: Pco): Pco {
  const w = Writer.alloc(pcoLength(pco) + 4, 'gtpv1c');
  writePco(w, pco);
  w.bytes(Buffer.from([0x00, 0x0d, 0x04, 0xc0]));
  return { ...pco, malformed: { octets: w.buf, reason: 'pco-overrun fault' } };
}
