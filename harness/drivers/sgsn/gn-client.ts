import { noteIdentity } from '../common/identities.ts';
import { sourceAddressFor } from '../common/source-address.ts';
import type { SendLimit } from '../common/rate-limit.ts';
import * as gtpu from '../../protocol/gtpu/index.ts';
import { findIe, PDP_TYPE, type Gtpv1cIe, type Gtpv1cMessage } from '../../protocol/gtpv1c/index.ts';
import { pcoRequest, type PcoRequest } from '../common/pco-request.ts';
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

/**
 * The SGSN side of Gn (TS 29.060), driving a GGSN: Create and Delete PDP Context on GTPv1-C, and
 * the user plane on GTP-U (TS 29.281; UDP port 2152 at both ends, §4.4.2), so a UE model can
 * send and receive IP packets over the PDP context.
 */
export type Outcome = GtpOutcome<Gtpv1cMessage>;

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

export interface PdpContextParams {
  imsi: string;
  msisdn?: string;
  apn: string;
  pdpType: 'ipv4' | 'ipv6' | 'ipv4v6';
  nsapi?: number;
  pco?: PcoRequest[];
}

/** A PDP context the driver holds: the GGSN's TEIDs and user-plane address, our data TEID. */
export interface PdpContext {
  teidData: number;
  teidControl: number;
  ggsnTeidData: number;
  ggsnTeidControl: number;
  ggsnUserPlane: Endpoint;
  nsapi: number;
}

const PDP: Record<PdpContextParams['pdpType'], number> = {
  ipv4: PDP_TYPE.IPV4,
  ipv6: PDP_TYPE.IPV6,
  ipv4v6: PDP_TYPE.IPV4V6,
};

export class SgsnGnDriver {
  private readonly tx: GtpTransactions<Gtpv1cMessage>;
  readonly userPlane: GtpuEndpoint;
  private nextTeid = 0x100;
  localAddress: string;

  constructor(private readonly opts: SgsnDriverOptions) {
    this.localAddress = opts.localAddress ?? (opts.ggsn.address.includes(':') ? '::1' : '127.0.0.1');
    this.tx = new GtpTransactions(
      GTPV1C,
      opts.ggsn,
      opts.recorder,
      opts.ggsnName ?? 'ggsn',
      opts.timers ?? DEFAULT_TIMERS,
    );
    this.userPlane = new GtpuEndpoint(opts.recorder, opts.ggsn.userPlaneLimit);
  }

  async open(): Promise<void> {
    if (!this.opts.localAddress) this.localAddress = await sourceAddressFor(this.opts.ggsn.address);
    await this.tx.open(this.localAddress);
    // A real GGSN sends G-PDUs to port 2152 of the GSN Address we give it (TS 29.281 §4.4.2);
    // in-process, where 2152 may be taken, any port will do: the stand-in answers the source port.
    await this.userPlane.open(this.localAddress, this.opts.ggsn.userPlanePort === undefined ? gtpu.GTPU_PORT : 0);
  }

  async close(): Promise<void> {
    await Promise.all([this.tx.close(), this.userPlane.close()]);
  }

  /** TS 29.060 §7.3.1 Create PDP Context Request, IEs in ascending type order (§7.7). */
  async createPdpContext(
    p: PdpContextParams,
    signal?: AbortSignal,
  ): Promise<{ outcome: Outcome; context?: PdpContext }> {
    noteIdentity('imsi', p.imsi);
    const teidData = this.nextTeid++;
    const teidControl = this.nextTeid++;
    const nsapi = p.nsapi ?? 5;
    const ies: Gtpv1cIe[] = [
      { ie: 'imsi', digits: p.imsi },
      { ie: 'recovery', restartCounter: this.opts.restartCounter ?? 1 },
      { ie: 'selection-mode', mode: 0 },
      { ie: 'teid-data-i', teid: teidData },
      { ie: 'teid-control-plane', teid: teidControl },
      { ie: 'nsapi', nsapi },
      { ie: 'end-user-address', pdpTypeOrganization: 1, pdpType: PDP[p.pdpType] },
      { ie: 'apn', apn: p.apn },
    ];
    if (p.pco?.length) ies.push({ ie: 'pco', ...pcoRequest(p.pco) });
    ies.push({ ie: 'gsn-address', address: this.localAddress }, { ie: 'gsn-address', address: this.localAddress });
    ies.push({ ie: 'msisdn', addressType: 0x91, digits: p.msisdn ?? '819000000001' });
    ies.push({ ie: 'qos-profile', allocationRetentionPriority: 2, data: Buffer.from('0b921f', 'hex') });
    const outcome = await this.tx.request({ type: 'create-pdp-context-request', teid: 0, ies }, signal);
    if (outcome.kind !== 'response' || findIe(outcome.message, 'cause')?.value !== 128) return { outcome };
    const res = outcome.message;
    const gsn = res.ies.filter((ie): ie is Extract<Gtpv1cIe, { ie: 'gsn-address' }> => ie.ie === 'gsn-address');
    const context: PdpContext = {
      teidData,
      teidControl,
      ggsnTeidData: findIe(res, 'teid-data-i')?.teid ?? 0,
      ggsnTeidControl: findIe(res, 'teid-control-plane')?.teid ?? 0,
      // §7.3.2: the second GSN Address is the GGSN's user-plane address.
      ggsnUserPlane: {
        address: (gsn[1] ?? gsn[0])?.address ?? this.opts.ggsn.address,
        port: this.opts.ggsn.userPlanePort ?? gtpu.GTPU_PORT,
      },
      nsapi,
    };
    return { outcome, context };
  }

  /** TS 29.060 §7.3.5 Delete PDP Context Request with Teardown Ind (the whole PDN connection). */
  deletePdpContext(ctx: PdpContext, signal?: AbortSignal): Promise<Outcome> {
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
    );
  }

  /**
   * TS 29.060 §7.2.1 Echo Request (TEID 0): path management on Gn; the Echo Response carries the
   * GGSN's Recovery IE (§7.2.2, §7.7.11).
   */
  echo(signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request({ type: 'echo-request', teid: 0, ies: [] }, signal);
  }

  /** A bearer over the PDP context, for a UE model: IP packets in and out as G-PDUs. */
  bearer(ctx: PdpContext): Bearer {
    return this.userPlane.bearer(ctx.teidData, ctx.ggsnTeidData, ctx.ggsnUserPlane);
  }
}
