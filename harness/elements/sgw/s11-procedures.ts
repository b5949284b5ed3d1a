import {
  findIe,
  indicationFlag,
  type Gtpv2cIe,
  type Gtpv2cMessage,
  type FteidIe,
} from '../../protocol/gtpv2c/index.ts';
import type { SgwSession, SgwSessions } from './bearers.ts';
import type { SgwFault } from './faults.ts';
import type { S5Requests } from './s5-requests.ts';
import type { SgwUserPlane } from './user-plane.ts';

/**
 * The SGW's S11 procedures (TS 29.274 §7.2; TS 23.401 §5.3.2.1 attach, §5.5.1.1.2 X2 handover,
 * §5.3.5 S1 release, §5.4.4 PDN disconnection), relayed to the PGW on S5/S8 where the PGW takes
 * part. Causes from Table 8.4-1: 16 Request accepted, 64 Context Not Found, 70 Mandatory IE
 * missing (with the offending IE), 100 Remote peer not responding.
 */
const CAUSE_ACCEPTED = 16;
const CAUSE_CONTEXT_NOT_FOUND = 64;
const CAUSE_MANDATORY_IE_INCORRECT = 69;
const CAUSE_SYSTEM_FAILURE = 72;
const CAUSE_MANDATORY_IE_MISSING = 70;
const CAUSE_REMOTE_PEER_NOT_RESPONDING = 100;
const CAUSE_CONDITIONAL_IE_MISSING = 103;

/** Table 8.22-1 interface types. */
const IF = { S1U_ENB: 0, S1U_SGW: 1, S5U_SGW: 4, S5C_SGW: 6, S5C_PGW: 7, S11_SGW: 11 } as const;

/** IEs of the MME's Create Session Request that go on to the PGW unchanged (Table 7.2.1-1). */
const RELAYED: readonly Gtpv2cIe['ie'][] = [
  'imsi',
  'msisdn',
  'mei',
  'uli',
  'serving-network',
  'rat-type',
  'indication',
  'apn',
  'selection-mode',
  'pdn-type',
  'paa',
  'ambr',
  'pco',
  'apco',
];

export interface SgwContext {
  sessions: SgwSessions;
  s5: S5Requests;
  userPlane: SgwUserPlane;
  faults: ReadonlySet<SgwFault>;
  restartCounter: () => number;
  /** The SGW's address per interface. */
  addresses: { s11: string; s1u: string; s5: string; s5Alt?: string };
  /** Where a PGW's GTP-C listens, when it is not 2123 (in-process labs). */
  pgwControlPort: (address: string) => number;
}

function cause(value: number, offending?: number): Gtpv2cIe {
  return {
    ie: 'cause',
    instance: 0,
    value,
    pce: false,
    bce: false,
    cs: false,
    ...(offending !== undefined ? { offendingIe: { type: offending, instance: 0 } } : {}),
  };
}

function addressOf(f: FteidIe | undefined, v6: boolean): string | undefined {
  if (!f) return undefined;
  return (v6 ? (f.ipv6 ?? f.ipv4) : (f.ipv4 ?? f.ipv6)) ?? undefined;
}

export class S11Procedures {
  constructor(private readonly ctx: SgwContext) {}

  /** Our S5/S8 address toward a PGW at `pgw`: of its family where the SGW has both. */
  private s5Local(pgw: string): string {
    const { s5, s5Alt } = this.ctx.addresses;
    return s5Alt && pgw.includes(':') !== s5.includes(':') ? s5Alt : s5;
  }

  /**
   * An F-TEID with the address of the interface it belongs to (§8.22: V4 or V6 by family); S5/S8
   * F-TEIDs carry the address facing the session's PGW.
   */
  private fteid(teid: number, interfaceType: number, instance: number, pgw?: string): FteidIe {
    const s1u = this.ctx.faults.has('s1u-fteid-s11-address') ? this.ctx.addresses.s11 : this.ctx.addresses.s1u;
    const a =
      interfaceType === IF.S11_SGW
        ? this.ctx.addresses.s11
        : interfaceType === IF.S1U_SGW
          ? s1u
          : this.s5Local(pgw ?? this.ctx.addresses.s5);
    return a.includes(':')
      ? { ie: 'f-teid', instance, interfaceType, teid, ipv6: a }
      : { ie: 'f-teid', instance, interfaceType, teid, ipv4: a };
  }

  /** §7.2.1/§7.2.2 Create Session, relayed to the PGW named by the MME (F-TEID instance 1). */
  async createSession(req: Gtpv2cMessage, from: { address: string; port: number }): Promise<Gtpv2cMessage> {
    const mmeFteid = findIe(req, 'f-teid', 0);
    const reply = (ies: Gtpv2cIe[], teid = mmeFteid?.teid ?? 0): Gtpv2cMessage => ({
      type: 'create-session-response',
      teid,
      sequence: req.sequence,
      ies,
    });
    const mandatory: [Gtpv2cIe['ie'], number, number][] = [
      ['f-teid', 0, 87],
      ['f-teid', 1, 87],
      ['apn', 0, 71],
      ['rat-type', 0, 82],
      ['pdn-type', 0, 99],
      ['bearer-context', 0, 93],
    ];
    for (const [ie, instance, type] of mandatory) {
      if (!findIe(req, ie as 'f-teid', instance)) return reply([cause(CAUSE_MANDATORY_IE_MISSING, type)]);
    }
    // Table 7.2.1-1: on S11 an E-UTRAN initial attach (RAT type 6, no handover indication) carries
    // ULI (type 86) and Serving Network (type 83); without them, cause 103 Conditional IE missing.
    const initialAttach = findIe(req, 'rat-type')?.ratType === 6 && !indicationFlag(findIe(req, 'indication'), 'hi');
    if (initialAttach && !this.ctx.faults.has('accept-without-location'))
      for (const [ie, type] of [
        ['uli', 86],
        ['serving-network', 83],
      ] as const)
        if (!findIe(req, ie)) return reply([cause(CAUSE_CONDITIONAL_IE_MISSING, type)]);
    // The PGW's address as the MME gives it; of our S5/S8 family when it gives both.
    const pgwAddress = addressOf(findIe(req, 'f-teid', 1), this.ctx.addresses.s5.includes(':'));
    // §8.22: an F-TEID with neither V4 nor V6 names no PGW (§7.7.3: Mandatory IE incorrect).
    if (!pgwAddress) return reply([cause(CAUSE_MANDATORY_IE_INCORRECT, 87)]);
    const v6 = pgwAddress.includes(':');
    const bearerReq = findIe(req, 'bearer-context')!;
    const ebi = findIe(bearerReq, 'ebi')?.ebi ?? 5;
    const s: SgwSession = {
      imsi: findIe(req, 'imsi')?.digits ?? '',
      ebi,
      mmeTeid: mmeFteid!.teid,
      mme: from,
      sgwS11Teid: this.ctx.sessions.allocateTeid(),
      sgwS5cTeid: this.ctx.sessions.allocateTeid(),
      sgwS1uTeid: this.ctx.sessions.allocateTeid(),
      sgwS5uTeid: this.ctx.sessions.allocateTeid(),
      pgw: { address: pgwAddress, port: this.ctx.pgwControlPort(pgwAddress) },
    };
    const ies: Gtpv2cIe[] = req.ies.filter((ie) => RELAYED.includes(ie.ie) && ie.instance === 0);
    ies.push(this.fteid(s.sgwS5cTeid, IF.S5C_SGW, 0, pgwAddress));
    const qos = findIe(bearerReq, 'bearer-qos');
    ies.push({
      ie: 'bearer-context',
      instance: 0,
      ies: [
        { ie: 'ebi', instance: 0, ebi },
        ...(qos ? [qos] : []),
        this.fteid(s.sgwS5uTeid, IF.S5U_SGW, 2, pgwAddress),
      ],
    });
    ies.push({ ie: 'recovery', instance: 0, restartCounter: this.ctx.restartCounter() });
    const res = await this.ctx.s5.request({ type: 'create-session-request', teid: 0, ies }, s.pgw);
    if (!res) return reply([cause(CAUSE_REMOTE_PEER_NOT_RESPONDING)]);
    const pgwCause = findIe(res, 'cause');
    const bearerRes = findIe(res, 'bearer-context');
    const pgwC = findIe(res, 'f-teid', 1);
    const pgwU = bearerRes && findIe(bearerRes, 'f-teid', 2);
    const accepted = pgwCause !== undefined && pgwCause.value >= 16 && pgwCause.value <= 63;
    if (!accepted || !pgwC || !pgwU) {
      // The PGW's rejection goes back to the MME as it is (§7.2.2: "the cause from the PGW").
      return reply(res.ies.filter((ie) => ie.ie === 'cause' || ie.ie === 'pco'));
    }
    s.pgwTeid = pgwC.teid;
    const pgwUAddress = addressOf(pgwU, v6);
    // A PGW F-TEID without an address leaves the bearer unusable: System failure (Table 8.4-1).
    if (!pgwUAddress) return reply([cause(CAUSE_SYSTEM_FAILURE)]);
    s.pgwU = { teid: pgwU.teid, address: pgwUAddress };
    this.ctx.sessions.add(s);
    const bearerIes: Gtpv2cIe[] = [
      { ie: 'ebi', instance: 0, ebi },
      cause(findIe(bearerRes!, 'cause')?.value ?? CAUSE_ACCEPTED),
    ];
    if (!this.ctx.faults.has('missing-s1u-fteid')) bearerIes.push(this.fteid(s.sgwS1uTeid, IF.S1U_SGW, 0));
    bearerIes.push(pgwU);
    const charging = findIe(bearerRes!, 'charging-id');
    if (charging) bearerIes.push(charging);
    const out: Gtpv2cIe[] = [pgwCause!, this.fteid(s.sgwS11Teid, IF.S11_SGW, 0), pgwC];
    for (const name of ['paa', 'ambr', 'pco', 'apco'] as const) {
      const ie = findIe(res, name as 'paa');
      if (ie) out.push(ie);
    }
    out.push({ ie: 'bearer-context', instance: 0, ies: bearerIes });
    out.push({ ie: 'recovery', instance: 0, restartCounter: this.ctx.restartCounter() });
    return reply(out);
  }

  /**
   * §7.2.7/§7.2.8 Modify Bearer: the eNodeB's S1-U F-TEID (bearer context, instance 0). A new
   * F-TEID switches the downlink path; the old eNodeB gets an End Marker (TS 23.401 §5.5.1.1.2).
   */
  modifyBearer(req: Gtpv2cMessage): Gtpv2cMessage {
    const s = req.teid !== undefined ? this.ctx.sessions.byS11Teid(req.teid) : undefined;
    if (!s)
      return { type: 'modify-bearer-response', teid: 0, sequence: req.sequence, ies: [cause(CAUSE_CONTEXT_NOT_FOUND)] };
    const bearer = findIe(req, 'bearer-context');
    const enb = bearer && findIe(bearer, 'f-teid', 0);
    if (!bearer || !enb)
      return {
        type: 'modify-bearer-response',
        teid: s.mmeTeid,
        sequence: req.sequence,
        ies: [cause(CAUSE_MANDATORY_IE_MISSING, 93)],
      };
    const address = addressOf(enb, this.ctx.addresses.s1u.includes(':'));
    if (!address)
      return {
        type: 'modify-bearer-response',
        teid: s.mmeTeid,
        sequence: req.sequence,
        ies: [cause(CAUSE_MANDATORY_IE_INCORRECT, 87)],
      };
    const old = s.enb;
    const moved = old !== undefined && (old.teid !== enb.teid || old.address !== address);
    if (!moved || !this.ctx.faults.has('keep-old-enb')) {
      s.enb = { teid: enb.teid, address, port: old && old.address === address && !moved ? old.port : undefined };
    }
    if (moved && !this.ctx.faults.has('no-end-marker')) this.ctx.userPlane.endMarker(old);
    return {
      type: 'modify-bearer-response',
      teid: s.mmeTeid,
      sequence: req.sequence,
      ies: [
        cause(CAUSE_ACCEPTED),
        {
          ie: 'bearer-context',
          instance: 0,
          ies: [{ ie: 'ebi', instance: 0, ebi: s.ebi }, cause(CAUSE_ACCEPTED), this.fteid(s.sgwS1uTeid, IF.S1U_SGW, 0)],
        },
      ],
    };
  }

  /** §7.2.21/§7.2.22 Release Access Bearers: the S1-U ends are removed (the UE goes idle). */
  releaseAccessBearers(req: Gtpv2cMessage): Gtpv2cMessage {
    const s = req.teid !== undefined ? this.ctx.sessions.byS11Teid(req.teid) : undefined;
    if (!s)
      return {
        type: 'release-access-bearers-response',
        teid: 0,
        sequence: req.sequence,
        ies: [cause(CAUSE_CONTEXT_NOT_FOUND)],
      };
    if (!this.ctx.faults.has('keep-enb-on-release')) s.enb = undefined;
    return {
      type: 'release-access-bearers-response',
      teid: s.mmeTeid,
      sequence: req.sequence,
      ies: [cause(CAUSE_ACCEPTED)],
    };
  }

  /** §7.2.9/§7.2.10 Delete Session, relayed to the PGW; the PGW's cause goes back to the MME. */
  async deleteSession(req: Gtpv2cMessage): Promise<Gtpv2cMessage> {
    const s = req.teid !== undefined ? this.ctx.sessions.byS11Teid(req.teid) : undefined;
    if (!s)
      return {
        type: 'delete-session-response',
        teid: 0,
        sequence: req.sequence,
        ies: [cause(CAUSE_CONTEXT_NOT_FOUND)],
      };
    this.ctx.sessions.remove(s);
    if (this.ctx.faults.has('no-delete-relay') || s.pgwTeid === undefined)
      return { type: 'delete-session-response', teid: s.mmeTeid, sequence: req.sequence, ies: [cause(CAUSE_ACCEPTED)] };
    const ies: Gtpv2cIe[] = req.ies.filter((ie) => ie.ie === 'ebi' || ie.ie === 'indication' || ie.ie === 'uli');
    const res = await this.ctx.s5.request({ type: 'delete-session-request', teid: s.pgwTeid, ies }, s.pgw);
    const c = res ? findIe(res, 'cause') : undefined;
    return {
      type: 'delete-session-response',
      teid: s.mmeTeid,
      sequence: req.sequence,
      ies: [c ?? cause(CAUSE_REMOTE_PEER_NOT_RESPONDING)],
    };
  }
}
