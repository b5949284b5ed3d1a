import { findIe, indicationFlag, type Gtpv2cIe, type Gtpv2cMessage, ieType } from '../../protocol/gtpv2c/index.ts';
import { Ipv4Pool, Ipv6PrefixPool, randomInterfaceId } from '../common/address-pools.ts';
import { AddressIndex, ueAddress } from '../common/address-index.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import type { PgwFault } from './faults.ts';
import { answerPco } from '../common/pco-answer.ts';
import { CAUSE, decidePdnType, type PdnType } from './pdn-type-policy.ts';

/**
 * PDN connections on the PGW (TS 29.274 §7.2.1-§7.2.2 Create Session, §7.2.9-§7.2.10 Delete
 * Session; TS 23.401 §5.3.1 address allocation): the APN's policy picks the PDN type, the pools
 * give a /64 and an IPv4 address, PCO gets DNS and MTU answers.
 */
export interface Session {
  imsi: string;
  /** From the Create Session Request's MSISDN IE (TS 29.274 §8.11), where the SGW sent one. */
  msisdn?: string;
  apn: string;
  /** The granted PDN type (TS 29.274 §8.34). */
  pdnType: PdnType;
  /** The default bearer's Charging ID (TS 29.274 §8.29), also sent in accounting (TS 29.061 §16.4.7). */
  chargingId: number;
  sgwTeid: number;
  pgwTeid: number;
  ebi: number;
  ipv6Prefix?: string;
  /** The prefix DHCPv6 may delegate (APN `prefixDelegation`): it starts with the /64 above. */
  delegated?: { prefix: string; length: number };
  /** The UE's interface identifier (as ::x:x:x:x), given in the PAA. */
  interfaceId?: string;
  ipv4?: string;
  /** The GTP-C peer (SGW) that created it, as "address|port" (TS 23.007 §18 restart handling). */
  peer?: string;
  /** The SGW's S5/S8-U F-TEID (bearer context, instance 2). */
  peerUserPlane?: { teid: number; address: string };
  config: ApnConfig;
}

const PDN_TYPE_NAMES: Record<number, PdnType> = { 1: 'ipv4', 2: 'ipv6', 3: 'ipv4v6' };
const PDN_TYPE_NUMBERS: Record<PdnType, number> = { ipv4: 1, ipv6: 2, ipv4v6: 3 };
/** TS 29.274 Table 8.22-1: S5/S8 PGW GTP-C and GTP-U interface types. */
const S5_PGW_GTPC = 7;
const S5_PGW_GTPU = 5;

export class SessionTable {
  private readonly byTeid = new Map<number, Session>();
  /** UE-to-UE and SGi-to-UE routing (a kernel SGi hands back by IPv4 address too, sgi-tun.ts). */
  private readonly addresses = new AddressIndex<Session>();
  private readonly pools = new Map<string, { v6: Ipv6PrefixPool; v4: Ipv4Pool }>();
  private nextTeid = 0x1000;
  private nextChargingId = 1;

  constructor(
    private readonly apns: Readonly<Record<string, ApnConfig>>,
    private readonly faults: ReadonlySet<PgwFault>,
    private readonly localAddress: string,
    /** Told when a PDN connection starts and when it is released (accounting, TS 29.061 §16). */
    private readonly onSession: (event: 'start' | 'stop', s: Session) => void = () => {},
  ) {}

  get count(): number {
    return this.byTeid.size;
  }

  /** The session whose S5/S8-U TEID (the same number as its GTP-C TEID here) is `teid`. */
  byUserPlaneTeid(teid: number): Session | undefined {
    return this.byTeid.get(teid);
  }

  /**
   * The session owning `address`: its /64 for a global address, its interface identifier for a
   * link-local one (the gateway knows each UE's IID; forwarding link-local is a fault), its PAA
   * IPv4 address for an IPv4 one.
   */
  byAddress(address: string): Session | undefined {
    // A prefix delegated by DHCPv6 is routed to its PDN connection too (TS 23.401 §5.3.1.2.6).
    return this.addresses.byAddress(address);
  }

  /** Everything is lost on restart (TS 23.007 §18). */
  clear(): void {
    this.byTeid.clear();
    this.addresses.clear();
    this.pools.clear();
  }

  private pool(apn: string, cfg: ApnConfig): { v6: Ipv6PrefixPool; v4: Ipv4Pool } {
    let p = this.pools.get(apn);
    if (!p)
      this.pools.set(
        apn,
        (p = { v6: new Ipv6PrefixPool(cfg.ipv6Pool, cfg.prefixDelegation), v4: new Ipv4Pool(cfg.ipv4Pool) }),
      );
    return p;
  }

  private fteid(teid: number, interfaceType: number, instance: number): Gtpv2cIe {
    return this.localAddress.includes(':')
      ? { ie: 'f-teid', instance, interfaceType, teid, ipv6: this.localAddress }
      : { ie: 'f-teid', instance, interfaceType, teid, ipv4: this.localAddress };
  }

  createSession(req: Gtpv2cMessage, restartCounter: number, peer?: string): Gtpv2cMessage {
    const got = pickCreateSessionIes(req.ies);
    const sender = got.senderFteid;
    const teid = this.faults.has('wrong-teid') ? 0 : (sender?.teid ?? 0);
    const seq = req.sequence;
    // §7.2.1 Table 7.2.1-1: mandatory IEs (the Sender F-TEID is instance 0).
    if (!got.apn) return createSessionResponse(teid, seq, 70, [], 'apn');
    if (!got.pdnType) return createSessionResponse(teid, seq, 70, [], 'pdn-type');
    if (!sender) return createSessionResponse(teid, seq, 70, [], 'f-teid');
    if (!got.bearer) return createSessionResponse(teid, seq, 70, [], 'bearer-context');
    // Table 7.2.1-1: Serving Network is conditional-mandatory on S5/S8 for an E-UTRAN initial attach
    // (RAT type 6 without the handover indication); missing, the request is refused with cause 103
    // Conditional IE missing (Table 8.4-1), as a real PGW-C (open5gs) does.
    const ratType = got.ratType?.ratType;
    const handover = indicationFlag(got.indication, 'hi');
    if (ratType === 6 && !handover && !got.servingNetwork && !this.faults.has('accept-without-serving-network'))
      return createSessionResponse(teid, seq, 103, [], 'serving-network');
    const apnName = got.apn.apn.toLowerCase();
    const cfg = this.apns[apnName];
    if (!cfg) return createSessionResponse(teid, seq, 78);
    const requested = PDN_TYPE_NAMES[got.pdnType.pdnType];
    if (!requested) return createSessionResponse(teid, seq, 83);
    const daf = indicationFlag(got.indication, 'daf');
    const decision = this.faults.has('ignore-pdn-policy')
      ? { granted: requested, cause: CAUSE.REQUEST_ACCEPTED }
      : decidePdnType(requested, daf, {
          allowed: cfg.pdnTypes,
          singleAddressBearersOnly: cfg.singleAddressBearersOnly,
          prefer: cfg.prefer,
        });
    if (decision.granted === undefined) return createSessionResponse(teid, seq, decision.cause);
    const granted = decision.granted;
    const pools = this.pool(apnName, cfg);
    let prefix = granted !== 'ipv4' ? pools.v6.allocate() : undefined;
    if (granted !== 'ipv4' && !prefix && this.faults.has('pool-overcommit')) prefix = cfg.ipv6Pool.split('/')[0];
    const ipv4 = granted !== 'ipv6' ? pools.v4.allocate() : undefined;
    if ((granted !== 'ipv4' && !prefix) || (granted !== 'ipv6' && !ipv4)) {
      if (prefix) pools.v6.release(prefix);
      if (ipv4) pools.v4.release(ipv4);
      return createSessionResponse(teid, seq, 84);
    }
    const bearer = got.bearer;
    const ebi = findIe(bearer, 'ebi')?.ebi ?? 5;
    const sgwU = findIe(bearer, 'f-teid', 2);
    const sgwUAddress = sgwU?.ipv6 ?? sgwU?.ipv4;
    const pgwTeid = this.nextTeid++;
    const interfaceId = prefix ? randomInterfaceId() : undefined;
    const session: Session = {
      imsi: got.imsi?.digits ?? '',
      msisdn: got.msisdn?.digits,
      apn: apnName,
      pdnType: granted,
      chargingId: this.nextChargingId++,
      sgwTeid: sender.teid,
      pgwTeid,
      ebi,
      ipv6Prefix: prefix,
      interfaceId,
      ipv4,
      peerUserPlane: sgwU && sgwUAddress ? { teid: sgwU.teid, address: sgwUAddress } : undefined,
      config: cfg,
      peer,
    };
    if (prefix && cfg.prefixDelegation) session.delegated = { prefix, length: cfg.prefixDelegation };
    this.byTeid.set(pgwTeid, session);
    this.addresses.add(session);
    this.onSession('start', session);
    const ies: Gtpv2cIe[] = [this.fteid(pgwTeid, S5_PGW_GTPC, 1)];
    if (!this.faults.has('missing-paa'))
      ies.push(paa(granted, prefix, interfaceId, ipv4, this.faults.has('prefix-56') ? 56 : 64));
    const pco = got.pco
      ? answerPco(got.pco, {
          apn: cfg,
          granted,
          ipv4,
          withDns: !this.faults.has('no-pco-dns'),
          ipcp: 'negotiate',
        })
      : undefined;
    if (pco) ies.push({ ie: 'pco', instance: 0, ...pco });
    ies.push({
      ie: 'bearer-context',
      instance: 0,
      ies: [
        { ie: 'ebi', instance: 0, ebi },
        { ie: 'cause', instance: 0, value: CAUSE.REQUEST_ACCEPTED, pce: false, bce: false, cs: false },
        this.fteid(pgwTeid, S5_PGW_GTPU, 2),
        { ie: 'charging-id', instance: 0, chargingId: session.chargingId },
      ],
    });
    ies.push({ ie: 'recovery', instance: 0, restartCounter });
    return createSessionResponse(teid, seq, decision.cause, ies);
  }

  /**
   * TS 23.007 §18 (restart of the SGW): the PDN connections a restarted peer had set up are
   * released locally. Returns how many.
   */
  deletePeer(peer: string): number {
    let n = 0;
    for (const s of [...this.byTeid.values()]) {
      if (s.peer !== peer) continue;
      this.release(s);
      n++;
    }
    return n;
  }

  private release(s: Session): void {
    if (this.byTeid.has(s.pgwTeid)) this.onSession('stop', s);
    this.byTeid.delete(s.pgwTeid);
    this.addresses.remove(s);
    const pools = this.pools.get(s.apn);
    if (s.ipv6Prefix) pools?.v6.release(s.ipv6Prefix);
    if (s.ipv4) pools?.v4.release(s.ipv4);
  }

  deleteSession(req: Gtpv2cMessage): Gtpv2cMessage {
    const s = req.teid !== undefined ? this.byTeid.get(req.teid) : undefined;
    if (!s) {
      // §7.2.10: unknown TEID → Context Not Found, TEID 0 in the header.
      return {
        type: 'delete-session-response',
        teid: 0,
        sequence: req.sequence,
        ies: [{ ie: 'cause', instance: 0, value: 64, pce: false, bce: false, cs: false }],
      };
    }
    if (!this.faults.has('keep-deleted-sessions')) this.release(s);
    return {
      type: 'delete-session-response',
      teid: this.faults.has('wrong-teid') ? 0 : s.sgwTeid,
      sequence: req.sequence,
      ies: [{ ie: 'cause', instance: 0, value: 16, pce: false, bce: false, cs: false }],
    };
  }
}

/** §8.14: the IPv6 address in the PAA is the prefix with the UE's interface identifier. */
function paa(
  granted: PdnType,
  prefix: string | undefined,
  interfaceId: string | undefined,
  ipv4: string | undefined,
  prefixLength: number,
): Gtpv2cIe {
  const ipv6 = prefix && interfaceId ? ueAddress(prefix, interfaceId) : undefined;
  return {
    ie: 'paa',
    instance: 0,
    pdnType: PDN_TYPE_NUMBERS[granted],
    ...(granted !== 'ipv4' ? { prefixLength, ipv6 } : {}),
    ...(ipv4 ? { ipv4 } : {}),
  };
}

type IeOf<K extends Gtpv2cIe['ie']> = Extract<Gtpv2cIe, { ie: K }>;

/** The IEs of a Create Session Request the PGW reads (the first of each), found in one pass. */
interface CreateSessionIes {
  imsi?: IeOf<'imsi'>;
  msisdn?: IeOf<'msisdn'>;
  apn?: IeOf<'apn'>;
  pdnType?: IeOf<'pdn-type'>;
  /** The Sender F-TEID for Control Plane (instance 0). */
  senderFteid?: IeOf<'f-teid'>;
  bearer?: IeOf<'bearer-context'>;
  ratType?: IeOf<'rat-type'>;
  indication?: IeOf<'indication'>;
  servingNetwork?: IeOf<'serving-network'>;
  pco?: IeOf<'pco'>;
}

function pickCreateSessionIes(ies: readonly Gtpv2cIe[]): CreateSessionIes {
  const got: CreateSessionIes = {};
  for (const ie of ies) {
    switch (ie.ie) {
      case 'imsi':
        got.imsi ??= ie;
        break;
      case 'msisdn':
        got.msisdn ??= ie;
        break;
      case 'apn':
        got.apn ??= ie;
        break;
      case 'pdn-type':
        got.pdnType ??= ie;
        break;
      case 'f-teid':
        if (ie.instance === 0) got.senderFteid ??= ie;
        break;
      case 'bearer-context':
        got.bearer ??= ie;
        break;
      case 'rat-type':
        got.ratType ??= ie;
        break;
      case 'indication':
        got.indication ??= ie;
        break;
      case 'serving-network':
        got.servingNetwork ??= ie;
        break;
      case 'pco':
        got.pco ??= ie;
        break;
    }
  }
  return got;
}

/** §7.2.2 Create Session Response: the Cause first (with the offending IE for 70/103, §8.4), then `ies`. */
function createSessionResponse(
  teid: number,
  sequence: number,
  value: number,
  ies: Gtpv2cIe[] = [],
  offending?: Gtpv2cIe['ie'],
): Gtpv2cMessage {
  const cause: Gtpv2cIe = offending
    ? {
        ie: 'cause',
        instance: 0,
        value,
        pce: false,
        bce: false,
        cs: false,
        offendingIe: { type: ieType(offending)!, instance: 0 },
      }
    : { ie: 'cause', instance: 0, value, pce: false, bce: false, cs: false };
  ies.unshift(cause);
  return { type: 'create-session-response', teid, sequence, ies };
}
