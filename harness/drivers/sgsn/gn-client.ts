import { noteIdentity } from '../common/identities.ts';
import { sourceAddressFor } from '../common/source-address.ts';
import type { SendLimit } from '../common/rate-limit.ts';
import * as gtpu from '../../protocol/gtpu/index.ts';
import { findIe, findIes, GTPV1C_PORT, type Gtpv1cMessage } from '../../protocol/gtpv1c/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { GTPV1C } from '../common/gtp-codecs.ts';
import {
  DEFAULT_TIMERS,
  GtpTransactions,
  type Outcome as GtpOutcome,
  type ReliabilityTimers,
} from '../common/gtp-transactions.ts';
import { GtpuEndpoint, type Bearer } from '../common/gtpu-endpoint.ts';
import type { Endpoint } from '../common/udp-peer.ts';
import { createRequestIes, updateRequestIes, type PdpContextParams } from './gn-messages.ts';
import { GgsnRequests } from './ggsn-requests.ts';

/**
 * The SGSN side of Gn (TS 29.060), driving a GGSN: Create, Update and Delete PDP Context and Echo
 * on GTPv1-C; the GGSN's own requests (Echo, Delete PDP Context) answered as an SGSN would; and
 * the user plane on GTP-U (TS 29.281; UDP port 2152 at both ends, §4.4.2), so a UE model can send
 * and receive IP packets over the PDP context.
 */
export type Outcome = GtpOutcome<Gtpv1cMessage>;
export type { PdpContextParams };

export interface SgsnDriverOptions {
  /** `userPlanePort` is set by in-process labs only; a real GGSN uses 2152 (TS 29.281 §4.4.2). */
  ggsn: Endpoint & { userPlanePort?: number; userPlaneLimit?: SendLimit };
  ggsnName?: string;
  recorder: PacketRecorder;
  /** Local address for GTP-U (bound on port 2152) and for the GSN Address IEs. */
  localAddress?: string;
  restartCounter?: number;
  timers?: ReliabilityTimers;
}

/** A PDP context the driver holds: the GGSN's TEIDs and user-plane address, ours. */
export interface PdpContext {
  teidData: number;
  teidControl: number;
  ggsnTeidData: number;
  ggsnTeidControl: number;
  ggsnUserPlane: Endpoint;
  nsapi: number;
}

/** TS 29.060 §7.7.1: 128-191 are acceptances (128 accepted, 129/130 accepted with another PDP type). */
export function accepted(cause: number | undefined): boolean {
  return cause !== undefined && cause >= 128 && cause <= 191;
}

export class SgsnGnDriver {
  private readonly tx: GtpTransactions<Gtpv1cMessage>;
  readonly userPlane: GtpuEndpoint;
  /** What the GGSN asked of us, and our answers (TS 29.060 §7.2.2, §7.3.6). */
  readonly fromGgsn: GgsnRequests;
  private nextTeid = 0x100;
  localAddress: string;
  /** Our Recovery (TS 23.007 §18), sent in requests and Echo Responses. */
  restartCounter: number;

  constructor(private readonly opts: SgsnDriverOptions) {
    this.localAddress = opts.localAddress ?? (opts.ggsn.address.includes(':') ? '::1' : '127.0.0.1');
    this.restartCounter = (opts.restartCounter ?? 1) & 0xff;
    this.tx = new GtpTransactions(
      GTPV1C,
      opts.ggsn,
      opts.recorder,
      opts.ggsnName ?? 'ggsn',
      opts.timers ?? DEFAULT_TIMERS,
    );
    this.fromGgsn = new GgsnRequests(() => this.restartCounter);
    this.tx.onRequest((m) => this.fromGgsn.answer(m));
    this.userPlane = new GtpuEndpoint(opts.recorder, opts.ggsn.userPlaneLimit);
  }

  /** Where our GTP-C listens (the GGSN's own requests arrive here). */
  control?: Endpoint;

  /** Whether our GTP-C is on its registered port, where a real GGSN sends its requests (2123, TS 29.060 §4.4.2). */
  get onStandardControlPort(): boolean {
    return this.control?.port === GTPV1C_PORT;
  }

  async open(): Promise<void> {
    if (!this.opts.localAddress) this.localAddress = await sourceAddressFor(this.opts.ggsn.address);
    // A real GGSN sends its Echo and Delete PDP Context Requests to port 2123 of our GSN Address
    // (TS 29.060 §4.4.2): we take it when it is free, else any port (and those requests miss us).
    const real = this.opts.ggsn.userPlanePort === undefined;
    try {
      this.control = await this.tx.open(this.localAddress, real ? GTPV1C_PORT : 0);
    } catch (err) {
      if (!real) throw err;
      this.control = await this.tx.open(this.localAddress);
    }
    // A real GGSN sends G-PDUs to port 2152 of the GSN Address we give it (TS 29.281 §4.4.2);
    // in-process, where 2152 may be taken, any port will do: the stand-in answers the source port.
    await this.userPlane.open(this.localAddress, this.opts.ggsn.userPlanePort === undefined ? gtpu.GTPU_PORT : 0);
  }

  async close(): Promise<void> {
    await Promise.all([this.tx.close(), this.userPlane.close()]);
  }

  /**
   * TS 29.060 §7.3.1 Create PDP Context Request. The context is held when the GGSN accepts it
   * (causes 128-191, so also 129/130 with another PDP type than asked).
   */
  async createPdpContext(
    p: PdpContextParams,
    signal?: AbortSignal,
  ): Promise<{ outcome: Outcome; context?: PdpContext }> {
    noteIdentity('imsi', p.imsi);
    const own = {
      teidData: this.nextTeid++,
      teidControl: this.nextTeid++,
      nsapi: p.nsapi ?? 5,
      address: this.localAddress,
      restartCounter: this.restartCounter,
    };
    const ies = createRequestIes(p, own);
    const outcome = await this.tx.request({ type: 'create-pdp-context-request', teid: 0, ies }, signal);
    if (outcome.kind !== 'response' || !accepted(findIe(outcome.message, 'cause')?.value)) return { outcome };
    const res = outcome.message;
    const gsn = findIes(res, 'gsn-address');
    const context: PdpContext = {
      teidData: own.teidData,
      teidControl: own.teidControl,
      ggsnTeidData: findIe(res, 'teid-data-i')?.teid ?? 0,
      ggsnTeidControl: findIe(res, 'teid-control-plane')?.teid ?? 0,
      // §7.3.2: the second GSN Address is the GGSN's user-plane address.
      ggsnUserPlane: {
        address: (gsn[1] ?? gsn[0])?.address ?? this.opts.ggsn.address,
        port: this.opts.ggsn.userPlanePort ?? gtpu.GTPU_PORT,
      },
      nsapi: own.nsapi,
    };
    this.fromGgsn.hold(context);
    return { outcome, context };
  }

  /**
   * TS 29.060 §7.3.3 SGSN-initiated Update PDP Context Request: new TEID Data I and TEID-C of ours
   * (as after an SGSN change), our addresses, the QoS Profile; with the MS Info Change Reporting
   * support indication extension header (§6.1) unless `msInfoChangeReporting` is false. On
   * acceptance the returned context carries the new TEIDs (and the GGSN's, if it changed them).
   */
  async updatePdpContext(
    ctx: PdpContext,
    opts: { msInfoChangeReporting?: boolean; ggsnTeidControl?: number } = {},
    signal?: AbortSignal,
  ): Promise<{ outcome: Outcome; context?: PdpContext }> {
    const own = {
      teidData: this.nextTeid++,
      teidControl: this.nextTeid++,
      nsapi: ctx.nsapi,
      address: this.localAddress,
      restartCounter: this.restartCounter,
    };
    const outcome = await this.tx.request(
      {
        type: 'update-pdp-context-request',
        teid: opts.ggsnTeidControl ?? ctx.ggsnTeidControl,
        ...(opts.msInfoChangeReporting === false
          ? {}
          : { extensionHeaders: [{ type: 'ms-info-change-reporting-support-indication' as const }] }),
        ies: updateRequestIes(own),
      },
      signal,
    );
    if (outcome.kind !== 'response' || !accepted(findIe(outcome.message, 'cause')?.value)) return { outcome };
    const res = outcome.message;
    const gsn = findIes(res, 'gsn-address');
    const context: PdpContext = {
      ...ctx,
      teidData: own.teidData,
      teidControl: own.teidControl,
      ggsnTeidData: findIe(res, 'teid-data-i')?.teid ?? ctx.ggsnTeidData,
      ggsnTeidControl: findIe(res, 'teid-control-plane')?.teid ?? ctx.ggsnTeidControl,
      ggsnUserPlane: gsn[1] ? { ...ctx.ggsnUserPlane, address: gsn[1].address } : ctx.ggsnUserPlane,
    };
    this.fromGgsn.forget(ctx);
    this.fromGgsn.hold(context);
    return { outcome, context };
  }

  /**
   * TS 29.060 §7.3.5 Delete PDP Context Request with Teardown Ind (the whole PDN connection).
   * `sequence` reuses a sequence number on purpose (§7.6 duplicate detection).
   */
  deletePdpContext(ctx: PdpContext, signal?: AbortSignal, sequence?: number): Promise<Outcome> {
    this.fromGgsn.forget(ctx);
    return this.tx.request(
      {
        type: 'delete-pdp-context-request',
        teid: ctx.ggsnTeidControl,
        ies: [
          { ie: 'teardown-ind', teardown: true },
          { ie: 'nsapi', nsapi: ctx.nsapi },
        ],
      },
      signal,
      { sequence },
    );
  }

  /**
   * TS 29.060 §7.2.1 Echo Request (TEID 0): path management on Gn; the Echo Response carries the
   * GGSN's Recovery IE (§7.2.2, §7.7.11).
   */
  echo(signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request({ type: 'echo-request', teid: 0, ies: [] }, signal);
  }

  /**
   * A restart of this SGSN (TS 23.007 §18): its restart counter goes up by one and every PDP
   * context it held is forgotten (a GGSN asking about one gets cause 192). Returns the new counter.
   */
  simulateRestart(): number {
    this.restartCounter = (this.restartCounter + 1) & 0xff;
    this.fromGgsn.forgetAll();
    return this.restartCounter;
  }

  /** A bearer over the PDP context, for a UE model: IP packets in and out as G-PDUs. */
  bearer(ctx: PdpContext): Bearer {
    return this.userPlane.bearer(ctx.teidData, ctx.ggsnTeidData, ctx.ggsnUserPlane);
  }
}
