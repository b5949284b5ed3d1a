import { noteIdentity } from '../common/identities.ts';
import {
  findIe,
  Gtpv2cTemplate,
  indication,
  writeDigits,
  writeTeid,
  type FteidIe,
  type Gtpv2cIe,
  type Gtpv2cMessage,
} from '../../protocol/gtpv2c/index.ts';
import { attachLocationIes, defaultBearerContext, pdnTypeIes, type AttachLocation } from '../common/pdn-request.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import {
  GtpTransactions,
  DEFAULT_TIMERS,
  type Outcome as GtpOutcome,
  type ReliabilityTimers,
} from '../common/gtp-transactions.ts';
import { GTPV2C } from '../common/gtp-codecs.ts';
import { GtpuEndpoint, receivePortFor, type Bearer } from '../common/gtpu-endpoint.ts';
import { GTPU_PORT } from '../../protocol/gtpu/index.ts';

export type Outcome = GtpOutcome<Gtpv2cMessage>;
import type { Endpoint } from '../common/udp-peer.ts';
import type { SendLimit } from '../common/rate-limit.ts';

/**
 * The SGW side of S5/S8 (TS 29.274), driving a PGW. Path management first: Echo Request with the
 * SGW's own Recovery IE (§7.1.1), so the PGW learns the SGW's restart counter.
 */
export interface SgwDriverOptions {
  /** `kind`: a real or external PGW sends downlink G-PDUs to port 2152 (receivePortFor). */
  pgw: Endpoint & { userPlanePort?: number; userPlaneLimit?: SendLimit; kind?: 'standin' | 'external' | 'real' };
  pgwName?: string;
  recorder: PacketRecorder;
  restartCounter?: number;
  timers?: ReliabilityTimers;
  /**
   * The port of our S5/S8-U socket, where it must not be the one downlink comes to (receivePortFor):
   * a load generator that receives the downlink on a socket of its own passes 0.
   */
  receivePort?: number;
}

/** What the SGW asks for in a Create Session Request (TS 29.274 §7.2.1). */
export interface CreateSessionParams {
  imsi: string;
  /** MSISDN IE (TS 29.274 §7.2.1: C, sent when the subscriber has one). */
  msisdn?: string;
  apn: string;
  /** Requested PDN type (TS 29.274 §8.34). */
  pdnType: 'ipv4' | 'ipv6' | 'ipv4v6';
  /** Dual Address Bearer Flag (§8.12). */
  daf: boolean;
  ebi?: number;
  /** PCO containers to request (§8.13; TS 24.008 §10.5.6.3): DNS v6/v4, IPv4 link MTU. */
  pco?: ('dns-ipv6' | 'dns-ipv4' | 'ipv4-link-mtu')[];
  /**
   * The serving PLMN and cell of the attach (ULI and Serving Network, Table 7.2.1-1: conditional-
   * mandatory on S5/S8 for an E-UTRAN initial attach); the lab's home cell by default. `false`
   * leaves both out (to show a PGW must refuse that: cause 103, Table 8.4-1).
   */
  location?: AttachLocation | false;
}

/** RAT Type E-UTRAN (TS 29.274 §8.17, value 6). */
const EUTRAN: Gtpv2cIe = { ie: 'rat-type', instance: 0, ratType: 6 };
/** The Indication IE with the Dual Address Bearer Flag set or not (§8.12). */
const DAF_INDICATION = { on: indication({ daf: true }), off: indication({ daf: false }) };

/** TS 29.274 Table 8.22-1: S5/S8 SGW GTP-C and GTP-U interface types. */
const S5_SGW_GTPC = 6;
const S5_SGW_GTPU = 4;

export class SgwS5Driver {
  private readonly tx: GtpTransactions<Gtpv2cMessage>;
  restartCounter: number;
  private local?: Endpoint;
  private nextTeid = 0x5000;
  readonly userPlane: GtpuEndpoint;
  private readonly pgwUserPlanePort: number;
  private readonly receivePort: number;

  constructor(opts: SgwDriverOptions) {
    this.tx = new GtpTransactions(
      GTPV2C,
      opts.pgw,
      opts.recorder,
      opts.pgwName ?? 'pgw',
      opts.timers ?? DEFAULT_TIMERS,
    );
    this.restartCounter = opts.restartCounter ?? 1;
    this.userPlane = new GtpuEndpoint(opts.recorder, opts.pgw.userPlaneLimit);
    this.pgwUserPlanePort = opts.pgw.userPlanePort ?? GTPU_PORT;
    this.receivePort = opts.receivePort ?? receivePortFor(opts.pgw);
  }

  async open(): Promise<Endpoint> {
    this.local = await this.tx.open();
    // In-process the PGW may hold 2152 on the same loopback address; a real one sends to 2152.
    await this.userPlane.open(this.local.address, this.receivePort);
    return this.local;
  }

  /** Our S5/S8 GTP-C address (and S5/S8-U's), once open. */
  get localAddress(): string | undefined {
    return this.local?.address;
  }

  /** The S5/S8-U bearer of a session: our TEID `sgwTeid`, the PGW's F-TEID from the response. */
  bearer(sgwTeid: number, pgwUserPlane: { teid: number; ipv4?: string; ipv6?: string }): Bearer {
    const address =
      (this.local?.address.includes(':') ? pgwUserPlane.ipv6 : pgwUserPlane.ipv4) ??
      pgwUserPlane.ipv6 ??
      pgwUserPlane.ipv4 ??
      '::1';
    return this.userPlane.bearer(sgwTeid, pgwUserPlane.teid, { address, port: this.pgwUserPlanePort });
  }

  private fteid(teid: number, interfaceType: number, instance: number): FteidIe {
    const address = this.local?.address ?? '::1';
    return address.includes(':')
      ? { ie: 'f-teid', instance, interfaceType, teid, ipv6: address }
      : { ie: 'f-teid', instance, interfaceType, teid, ipv4: address };
  }

  /**
   * TS 29.274 §7.2.1 Create Session Request over S5/S8: TEID 0 in the header, the SGW's GTP-C
   * F-TEID (instance 0), PDN type and an empty PAA for dynamic allocation, and one bearer context
   * with the SGW's S5/S8-U F-TEID (instance 2). Returns the outcome and the SGW TEID used.
   * A load sends one request per session, alike but for the IMSI, MSISDN and TEIDs: the request
   * is a copy of one encoded for the same parameters (createSessionTemplate) with those written in.
   */
  async createSession(p: CreateSessionParams, signal?: AbortSignal): Promise<{ outcome: Outcome; sgwTeid: number }> {
    noteIdentity('imsi', p.imsi);
    noteIdentity('msisdn', p.msisdn);
    const sgwTeid = this.nextTeid++;
    const t = this.createSessionTemplate(p, sgwTeid);
    const bytes = t.template.copy(0);
    writeDigits(bytes, t.imsiAt, p.imsi, t.imsiDigits, 'IMSI');
    if (p.msisdn) writeDigits(bytes, t.msisdnAt, p.msisdn, t.msisdnDigits, 'MSISDN');
    writeTeid(bytes, t.senderTeidAt, sgwTeid);
    writeTeid(bytes, t.bearerTeidAt, sgwTeid);
    const outcome = await this.tx.requestEncoded(bytes, signal);
    return { outcome, sgwTeid };
  }

  /** The Create Session Request as the table codec writes it (§7.2.1, IEs in Table 7.2.1-1's order). */
  createSessionRequest(p: CreateSessionParams, sgwTeid: number, sequence = 0): Gtpv2cMessage {
    // The IEs that are the same in every request are built once (pdn-request.ts, DAF_INDICATION).
    const ies: Gtpv2cIe[] = [{ ie: 'imsi', instance: 0, digits: p.imsi }];
    if (p.msisdn) ies.push({ ie: 'msisdn', instance: 0, digits: p.msisdn });
    if (p.location !== false) for (const ie of attachLocationIes(p.location)) ies.push(ie);
    ies.push(EUTRAN, p.daf ? DAF_INDICATION.on : DAF_INDICATION.off, this.fteid(sgwTeid, S5_SGW_GTPC, 0), {
      ie: 'apn',
      instance: 0,
      apn: p.apn,
    });
    for (const ie of pdnTypeIes(p.pdnType, p.pco)) ies.push(ie);
    ies.push(defaultBearerContext(p.ebi ?? 5, this.fteid(sgwTeid, S5_SGW_GTPU, 2)), {
      ie: 'recovery',
      instance: 0,
      restartCounter: this.restartCounter,
    });
    return { type: 'create-session-request', teid: 0, sequence, ies };
  }

  /**
   * The encoded request for everything in `p` but the IMSI's and MSISDN's digits (their counts
   * are part of the key) and the TEIDs, with where those go: §8.3 IMSI, §8.11 MSISDN, §8.22 the
   * F-TEIDs' TEID (one octet into the value), instance 0 and, in the bearer context, instance 2.
   */
  private createSessionTemplate(p: CreateSessionParams, sgwTeid: number): CreateSessionTemplate {
    const location = p.location === false ? '-' : p.location === undefined ? '' : JSON.stringify(p.location);
    const key = `${p.imsi.length}|${p.msisdn?.length ?? ''}|${p.apn}|${p.pdnType}|${p.daf}|${p.pco?.join() ?? ''}|${p.ebi ?? 5}|${this.restartCounter}|${this.local?.address}|${location}`;
    let t = this.templates.get(key);
    if (t) return t;
    const template = new Gtpv2cTemplate(this.createSessionRequest(p, sgwTeid));
    t = {
      template,
      imsiAt: template.valueAt([IE.IMSI, 0]),
      imsiDigits: p.imsi.length,
      msisdnAt: p.msisdn ? template.valueAt([IE.MSISDN, 0]) : -1,
      msisdnDigits: p.msisdn?.length ?? 0,
      senderTeidAt: template.valueAt([IE.F_TEID, 0]) + 1,
      bearerTeidAt: template.valueAt([IE.BEARER_CONTEXT, 0], [IE.F_TEID, 2]) + 1,
    };
    // A scenario that varies what it asks for holds a few shapes; nothing grows without bound.
    if (this.templates.size >= MAX_TEMPLATES) this.templates.clear();
    this.templates.set(key, t);
    return t;
  }

  private readonly templates = new Map<string, CreateSessionTemplate>();
  /** Delete Session Request by EBI, the PGW's TEID in the header written per request (§5.5.1). */
  private readonly deleteTemplates = new Map<number, Gtpv2cTemplate>();

  /** TS 29.274 §7.2.9 Delete Session Request, to the PGW's TEID, for the default bearer's EBI. */
  deleteSession(pgwTeid: number, ebi = 5, signal?: AbortSignal): Promise<Outcome> {
    let t = this.deleteTemplates.get(ebi);
    if (!t) {
      t = new Gtpv2cTemplate(deleteSessionRequest(pgwTeid, ebi));
      if (this.deleteTemplates.size >= MAX_TEMPLATES) this.deleteTemplates.clear();
      this.deleteTemplates.set(ebi, t);
    }
    const bytes = t.copy(0);
    writeTeid(bytes, 4, pgwTeid);
    return this.tx.requestEncoded(bytes, signal);
  }

  async close(): Promise<void> {
    await Promise.all([this.tx.close(), this.userPlane.close()]);
  }

  /**
   * Behaves as a restarted SGW would (TS 23.007 §18): the restart counter goes up by one and the
   * next Echo Request or Create Session Request carries it.
   */
  simulateRestart(): number {
    this.restartCounter = (this.restartCounter + 1) & 0xff;
    return this.restartCounter;
  }

  /** TS 29.274 §7.1.1 Echo Request: no TEID (T=0), Recovery IE mandatory. */
  echo(signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request(
      { type: 'echo-request', ies: [{ ie: 'recovery', instance: 0, restartCounter: this.restartCounter }] },
      signal,
    );
  }
}

/** TS 29.274 §7.2.9 Delete Session Request: the default bearer's EBI, Operation Indication set (§8.12). */
export function deleteSessionRequest(pgwTeid: number, ebi = 5, sequence = 0): Gtpv2cMessage {
  return {
    type: 'delete-session-request',
    teid: pgwTeid,
    sequence,
    ies: [{ ie: 'ebi', instance: 0, ebi }, indication({ oi: true })],
  };
}

interface CreateSessionTemplate {
  template: Gtpv2cTemplate;
  imsiAt: number;
  imsiDigits: number;
  msisdnAt: number;
  msisdnDigits: number;
  senderTeidAt: number;
  bearerTeidAt: number;
}

/** IE types (TS 29.274 Table 8.1-1) of the fields a Create Session Request template patches. */
const IE = { IMSI: 1, MSISDN: 76, F_TEID: 87, BEARER_CONTEXT: 93 } as const;
const MAX_TEMPLATES = 64;

/** The restart counter a peer reported in a message's Recovery IE (TS 29.274 §8.5). */
export function recoveryOf(m: Gtpv2cMessage): number | undefined {
  return findIe(m, 'recovery')?.restartCounter;
}
