import * as pfcp from '../../protocol/pfcp/index.ts';
import {
  applyAction,
  flagsIe,
  INTERFACE,
  PDN_TYPE,
  PFCP_PORT,
  networkInstance,
  OUTER_HEADER_CREATION,
  OUTER_HEADER_REMOVAL,
  recoveryTimeStamp,
  type PfcpIe,
  type PfcpMessage,
} from '../../protocol/pfcp/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import {
  GtpTransactions,
  DEFAULT_TIMERS,
  type Outcome as TxOutcome,
  type GtpCodec,
  type ReliabilityTimers,
} from '../common/gtp-transactions.ts';
import type { Endpoint } from '../common/udp-peer.ts';

export type Outcome = TxOutcome<PfcpMessage>;

/** PFCP under the transaction layer: 24-bit sequence numbers, T1/N1 as §6.4 asks (TS 29.244). */
const PFCP: GtpCodec<PfcpMessage> = {
  encode: pfcp.encode,
  decode: pfcp.decode,
  isResponse: (m) => m.type.endsWith('-response'),
  maxSequence: 0xffffff,
};

/**
 * The PGW-C side of Sxb (TS 29.244), driving a PGW-U: association, heartbeat, and the session
 * procedures with the rules of an IPv6 default bearer — uplink PDR (Access, F-TEID chosen by the
 * UP function, UE IP Address /64 as source), downlink PDR (Core, UE IP Address as destination),
 * FARs to Core and to Access (Outer Header Creation toward the SGW/eNodeB), a volume URR.
 */
export interface SxDriverOptions {
  /** `kind`: a real or external PGW-U sends its own requests (Heartbeat) to our port 8805. */
  pgwU: Endpoint & { kind?: 'standin' | 'external' | 'real' };
  recorder: PacketRecorder;
  timers?: ReliabilityTimers;
}

export interface SxSessionParams {
  /** The UE's /64 (prefix::), allocated by the PGW-C from its pool. */
  uePrefix: string;
  networkInstance: string;
  /** Where downlink G-PDUs go (the SGW's S5/S8-U or the eNodeB's F-TEID). */
  downlink: { teid: number; address: string };
  /**
   * The PGW-C's own GTP-U end on Sxb-u (TS 29.244 §5.3.1, TS 23.214 §5.6.1): with it, Router
   * Solicitations from the UE are forwarded there (a PDR with the RS filter, a FAR to the CP
   * function) and what the CP function sends back (its Router Advertisement) is taken to the UE
   * (a PDR with source interface CP-function, whose F-TEID the UP function chooses: CHOOSE ID 2).
   */
  controlPlaneUserPlane?: { teid: number; address: string };
}

/** Rule ids of a session's RS/RA path over Sxb-u. */
export const SXB_U_RULES = { rsPdr: 3, raPdr: 4, rsFar: 3, raChooseId: 2 } as const;

export class PgwCSxDriver {
  private readonly tx: GtpTransactions<PfcpMessage>;
  private local?: Endpoint;
  private nextSeid = 0xc0de0001n;
  private readonly started = new Date();

  private readonly port: number;

  constructor(opts: SxDriverOptions) {
    this.tx = new GtpTransactions(PFCP, opts.pgwU, opts.recorder, 'pgw-u', opts.timers ?? DEFAULT_TIMERS);
    // TS 29.244 §4.2.2: a request goes to port 8805. A real UP function sends its Heartbeat Requests
    // there and drops the association when they go unanswered; our stand-in answers the sender's port.
    this.port = opts.pgwU.kind === undefined || opts.pgwU.kind === 'standin' ? 0 : PFCP_PORT;
    // §7.4.2: a Heartbeat Request is answered with our Recovery Time Stamp, whoever sends it.
    this.tx.onRequest((m) =>
      m.type === 'heartbeat-request'
        ? ({ type: 'heartbeat-response', sequence: m.sequence, ies: [recoveryTimeStamp(this.started)] } as PfcpMessage)
        : undefined,
    );
  }

  async open(): Promise<Endpoint> {
    this.local = await this.tx.open(undefined, this.port);
    return this.local;
  }

  close(): Promise<void> {
    return this.tx.close();
  }

  /** Our Sxb address (PFCP), once open. */
  get localAddress(): string | undefined {
    return this.local?.address;
  }

  private nodeId(): PfcpIe {
    const a = this.local?.address ?? '::1';
    return a.includes(':') ? { ie: 'node-id', ipv6: a } : { ie: 'node-id', ipv4: a };
  }

  /** §6.2.6 PFCP Association Setup Request: Node ID and Recovery Time Stamp. */
  associate(signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request(
      { type: 'association-setup-request', ies: [this.nodeId(), recoveryTimeStamp(this.started)] } as Omit<
        PfcpMessage,
        'sequence'
      >,
      signal,
    );
  }

  /** §6.2.2 Heartbeat Request with our Recovery Time Stamp. */
  heartbeat(signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request(
      { type: 'heartbeat-request', ies: [recoveryTimeStamp(this.started)] } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }

  /** §7.5.2 Session Establishment Request; returns the outcome and our (CP) SEID. */
  async establish(p: SxSessionParams, signal?: AbortSignal): Promise<{ outcome: Outcome; cpSeid: bigint }> {
    const cpSeid = this.nextSeid++;
    const a = this.local?.address ?? '::1';
    const v6 = p.downlink.address.includes(':');
    const ies: PfcpIe[] = [
      this.nodeId(),
      a.includes(':') ? { ie: 'f-seid', seid: cpSeid, ipv6: a } : { ie: 'f-seid', seid: cpSeid, ipv4: a },
      // Table 7.5.2.1-1: PDN Type is conditional-mandatory for a session of an individual PDN connection.
      { ie: 'pdn-type', value: PDN_TYPE.IPV6 },
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: 1 },
          { ie: 'precedence', value: 255 },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE.access },
              { ie: 'f-teid', choose: { ipv4: !v6, ipv6: v6, chooseId: 1 } },
              networkInstance(p.networkInstance),
              { ie: 'ue-ip-address', sourceOrDestination: 'source', ipv6: p.uePrefix, ipv6PrefixLength: 64 },
            ],
          },
          {
            ie: 'outer-header-removal',
            description: v6 ? OUTER_HEADER_REMOVAL.GTPU_UDP_IPV6 : OUTER_HEADER_REMOVAL.GTPU_UDP_IPV4,
          },
          { ie: 'far-id', ruleId: 1 },
          { ie: 'urr-id', ruleId: 1 },
        ],
      },
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: 2 },
          { ie: 'precedence', value: 255 },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE.core },
              networkInstance(p.networkInstance),
              { ie: 'ue-ip-address', sourceOrDestination: 'destination', ipv6: p.uePrefix, ipv6PrefixLength: 64 },
            ],
          },
          { ie: 'far-id', ruleId: 2 },
          { ie: 'urr-id', ruleId: 1 },
        ],
      },
      ...(p.controlPlaneUserPlane ? this.sxbUserPlaneRules(p, v6) : []),
      {
        ie: 'create-far',
        ies: [
          { ie: 'far-id', ruleId: 1 },
          applyAction('forw'),
          {
            ie: 'forwarding-parameters',
            ies: [{ ie: 'destination-interface', value: INTERFACE.core }, networkInstance(p.networkInstance)],
          },
        ],
      },
      {
        ie: 'create-far',
        ies: [
          { ie: 'far-id', ruleId: 2 },
          applyAction('forw'),
          {
            ie: 'forwarding-parameters',
            ies: [{ ie: 'destination-interface', value: INTERFACE.access }, this.ohc(p.downlink)],
          },
        ],
      },
      {
        ie: 'create-urr',
        // Table 7.5.2.4-1: Reporting Triggers is mandatory (open5gs refused the URR without it with
        // cause 66): a volume report when 1 GiB has passed (VOLTH with its Volume Threshold, §8.2.13).
        ies: [
          { ie: 'urr-id', ruleId: 1 },
          { ie: 'measurement-method', durat: false, volum: true, event: false },
          flagsIe('reporting-triggers', 'volth'),
          { ie: 'volume-threshold', total: 1n << 30n },
        ],
      },
    ];
    const outcome = await this.tx.request(
      { type: 'session-establishment-request', seid: 0n, ies } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
    return { outcome, cpSeid };
  }

  /**
   * The RS/RA path between the UE and the PGW-C over the PGW-U (TS 23.214 §5.6.1: IPv6 RS and RA
   * pass through the user plane): Router Solicitations to all-routers (RFC 4861 §6.3.7) on the
   * UE's uplink F-TEID, before the default PDR (precedence 100 < 255), go to the CP function; what
   * the CP function sends on the F-TEID the UP function chooses for CHOOSE ID 2 goes down to the UE.
   */
  private sxbUserPlaneRules(p: SxSessionParams, v6: boolean): PfcpIe[] {
    const cp = p.controlPlaneUserPlane!;
    return [
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: SXB_U_RULES.rsPdr },
          { ie: 'precedence', value: 100 },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE.access },
              { ie: 'f-teid', choose: { ipv4: !v6, ipv6: v6, chooseId: 1 } },
              networkInstance(p.networkInstance),
              { ie: 'sdf-filter', flowDescription: 'permit out 58 from ff02::2/128 to assigned' },
            ],
          },
          {
            ie: 'outer-header-removal',
            description: v6 ? OUTER_HEADER_REMOVAL.GTPU_UDP_IPV6 : OUTER_HEADER_REMOVAL.GTPU_UDP_IPV4,
          },
          { ie: 'far-id', ruleId: SXB_U_RULES.rsFar },
        ],
      },
      {
        ie: 'create-pdr',
        ies: [
          { ie: 'pdr-id', ruleId: SXB_U_RULES.raPdr },
          { ie: 'precedence', value: 100 },
          {
            ie: 'pdi',
            ies: [
              { ie: 'source-interface', value: INTERFACE['cp-function'] },
              { ie: 'f-teid', choose: { ipv4: !v6, ipv6: v6, chooseId: SXB_U_RULES.raChooseId } },
            ],
          },
          {
            ie: 'outer-header-removal',
            description: v6 ? OUTER_HEADER_REMOVAL.GTPU_UDP_IPV6 : OUTER_HEADER_REMOVAL.GTPU_UDP_IPV4,
          },
          { ie: 'far-id', ruleId: 2 },
        ],
      },
      {
        ie: 'create-far',
        ies: [
          { ie: 'far-id', ruleId: SXB_U_RULES.rsFar },
          applyAction('forw'),
          {
            ie: 'forwarding-parameters',
            ies: [{ ie: 'destination-interface', value: INTERFACE['cp-function'] }, this.ohc(cp)],
          },
        ],
      },
    ];
  }

  private ohc(d: { teid: number; address: string }): PfcpIe {
    return d.address.includes(':')
      ? { ie: 'outer-header-creation', description: OUTER_HEADER_CREATION.GTPU_UDP_IPV6, teid: d.teid, ipv6: d.address }
      : {
          ie: 'outer-header-creation',
          description: OUTER_HEADER_CREATION.GTPU_UDP_IPV4,
          teid: d.teid,
          ipv4: d.address,
        };
  }

  /** §7.5.4 Session Modification: the downlink FAR to a new F-TEID (e.g. after a handover). */
  modifyDownlink(upSeid: bigint, downlink: { teid: number; address: string }, signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request(
      {
        type: 'session-modification-request',
        seid: upSeid,
        ies: [
          {
            ie: 'update-far',
            ies: [
              { ie: 'far-id', ruleId: 2 },
              applyAction('forw'),
              {
                ie: 'update-forwarding-parameters',
                ies: [{ ie: 'destination-interface', value: INTERFACE.access }, this.ohc(downlink)],
              },
            ],
          },
        ],
      } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }

  /** §7.5.6 Session Deletion. */
  delete(upSeid: bigint, signal?: AbortSignal): Promise<Outcome> {
    return this.tx.request(
      { type: 'session-deletion-request', seid: upSeid, ies: [] } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }
}
