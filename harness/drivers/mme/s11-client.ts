import { noteIdentity } from '../common/identities.ts';
import { findIe, indication, type FteidIe, type Gtpv2cIe, type Gtpv2cMessage } from '../../protocol/gtpv2c/index.ts';
import { attachLocationIes, defaultBearerContext, pdnTypeIes, type AttachLocation } from '../common/pdn-request.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import {
  GtpTransactions,
  DEFAULT_TIMERS,
  type Outcome as GtpOutcome,
  type ReliabilityTimers,
} from '../common/gtp-transactions.ts';
import { GTPV2C } from '../common/gtp-codecs.ts';
import type { Endpoint } from '../common/udp-peer.ts';

export type Outcome = GtpOutcome<Gtpv2cMessage>;

/**
 * The MME side of S11 (TS 29.274 §7.2, TS 23.401 §5.3.2.1 attach): Create Session with the PGW
 * address the MME selected (F-TEID instance 1), Modify Bearer with the eNodeB's S1-U F-TEID,
 * Release Access Bearers and Delete Session, with §7.6 reliability.
 */
export interface MmeDriverOptions {
  sgw: Endpoint;
  sgwName?: string;
  recorder: PacketRecorder;
  restartCounter?: number;
  timers?: ReliabilityTimers;
}

export interface AttachParams {
  imsi: string;
  apn: string;
  pdnType: 'ipv4' | 'ipv6' | 'ipv4v6';
  daf: boolean;
  /** The PGW's S5/S8 GTP-C address the MME selected (TS 29.303 DNS procedures in a real network). */
  pgwAddress: string;
  ebi?: number;
  pco?: ('dns-ipv6' | 'dns-ipv4' | 'ipv4-link-mtu')[];
  /**
   * The serving PLMN and cell (ULI and Serving Network, TS 29.274 Table 7.2.1-1: conditional-
   * mandatory on S11 for an E-UTRAN initial attach); the lab's home cell by default, `false` leaves
   * both out (to show an SGW must refuse that, cause 103).
   */
  location?: AttachLocation | false;
}

/** TS 29.274 Table 8.22-1. */
const IF = { S1U_ENB: 0, S5C_PGW: 7, S11_MME: 10 } as const;

function fteid(address: string, teid: number, interfaceType: number, instance: number): FteidIe {
  return address.includes(':')
    ? { ie: 'f-teid', instance, interfaceType, teid, ipv6: address }
    : { ie: 'f-teid', instance, interfaceType, teid, ipv4: address };
}

export class MmeS11Driver {
  private readonly tx: GtpTransactions<Gtpv2cMessage>;
  readonly restartCounter: number;
  private local?: Endpoint;
  private nextTeid = 0x7000;

  constructor(opts: MmeDriverOptions) {
    this.tx = new GtpTransactions(
      GTPV2C,
      opts.sgw,
      opts.recorder,
      opts.sgwName ?? 'sgw',
      opts.timers ?? DEFAULT_TIMERS,
    );
    this.restartCounter = opts.restartCounter ?? 1;
  }

  async open(): Promise<Endpoint> {
    this.local = await this.tx.open();
    return this.local;
  }

  close(): Promise<void> {
    return this.tx.close();
  }

  /** Our S11 address (GTP-C), once open. */
  get localAddress(): string | undefined {
    return this.local?.address;
  }

  /** TS 29.274 §7.1.1 Echo Request with the MME's Recovery. */
  echo(signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request(
      { type: 'echo-request', ies: [{ ie: 'recovery', instance: 0, restartCounter: this.restartCounter }] },
      signal,
    );
  }

  /**
   * §7.2.1 Create Session Request on S11: the MME's S11 F-TEID (instance 0, type 10), the PGW
   * S5/S8 address for control plane (instance 1, type 7, TEID 0), and the default bearer to be
   * created. Returns the outcome and the MME TEID used.
   */
  async createSession(p: AttachParams, signal?: AbortSignal): Promise<{ outcome: Outcome; mmeTeid: number }> {
    noteIdentity('imsi', p.imsi);
    const mmeTeid = this.nextTeid++;
    const me = this.local?.address ?? '::1';
    const ies: Gtpv2cIe[] = [
      { ie: 'imsi', instance: 0, digits: p.imsi },
      ...(p.location === false ? [] : attachLocationIes(p.location)),
      { ie: 'rat-type', instance: 0, ratType: 6 },
      indication({ daf: p.daf }),
      fteid(me, mmeTeid, IF.S11_MME, 0),
      fteid(p.pgwAddress, 0, IF.S5C_PGW, 1),
      { ie: 'apn', instance: 0, apn: p.apn },
      ...pdnTypeIes(p.pdnType, p.pco),
      defaultBearerContext(p.ebi ?? 5),
    ];
    ies.push({ ie: 'recovery', instance: 0, restartCounter: this.restartCounter });
    const outcome = await this.tx.request({ type: 'create-session-request', teid: 0, ies }, signal);
    return { outcome, mmeTeid };
  }

  /** §7.2.7 Modify Bearer Request: the eNodeB's S1-U F-TEID for the bearer (instance 0, type 0). */
  modifyBearer(
    sgwS11Teid: number,
    ebi: number,
    enb: { teid: number; address: string },
    signal?: AbortSignal,
  ): Promise<Outcome> {
    return this.tx.request(
      {
        type: 'modify-bearer-request',
        teid: sgwS11Teid,
        ies: [
          {
            ie: 'bearer-context',
            instance: 0,
            ies: [{ ie: 'ebi', instance: 0, ebi }, fteid(enb.address, enb.teid, IF.S1U_ENB, 0)],
          },
        ],
      },
      signal,
    );
  }

  /** §7.2.21 Release Access Bearers Request (S1 release: the UE goes idle). */
  releaseAccessBearers(sgwS11Teid: number, signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request({ type: 'release-access-bearers-request', teid: sgwS11Teid, ies: [] }, signal);
  }

  /** §7.2.9 Delete Session Request for the default bearer, with OI (operation indication) set. */
  deleteSession(sgwS11Teid: number, ebi = 5, signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request(
      {
        type: 'delete-session-request',
        teid: sgwS11Teid,
        ies: [{ ie: 'ebi', instance: 0, ebi }, indication({ oi: true })],
      },
      signal,
    );
  }
}

/** What an accepted S11 Create Session Response gives the MME (TS 29.274 Table 7.2.2-1/-2). */
export interface S11Session {
  sgwS11Teid?: number;
  s1uSgw?: FteidIe;
  paa?: Extract<Gtpv2cIe, { ie: 'paa' }>;
  cause?: number;
}

export function s11Session(res: Gtpv2cMessage): S11Session {
  const bearer = findIe(res, 'bearer-context');
  return {
    cause: findIe(res, 'cause')?.value,
    sgwS11Teid: findIe(res, 'f-teid', 0)?.teid,
    s1uSgw: bearer && findIe(bearer, 'f-teid', 0),
    paa: findIe(res, 'paa'),
  };
}
