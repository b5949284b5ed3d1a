import {
  applyAction,
  INTERFACE,
  networkInstance,
  OUTER_HEADER_REMOVAL,
  type PfcpIe,
  type PfcpMessage,
} from '../../protocol/pfcp/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { gtpuOuterHeader, PfcpCpNode, type PfcpOutcome } from '../common/pfcp-cp.ts';
import type { ReliabilityTimers } from '../common/gtp-transactions.ts';
import type { Endpoint } from '../common/udp-peer.ts';

export type Outcome = PfcpOutcome;

/**
 * The PGW-C side of Sxb (TS 29.244), driving a PGW-U: association, heartbeat, and the session
 * procedures with the rules of an IPv6 default bearer — uplink PDR (Access, F-TEID chosen by the
 * UP function, UE IP Address /64 as source), downlink PDR (Core, UE IP Address as destination),
 * FARs to Core and to Access (Outer Header Creation toward the SGW/eNodeB), a volume URR.
 */
export interface SxDriverOptions {
  pgwU: Endpoint;
  recorder: PacketRecorder;
  timers?: ReliabilityTimers;
}

export interface SxSessionParams {
  /** The UE's /64 (prefix::), allocated by the PGW-C from its pool. */
  uePrefix: string;
  networkInstance: string;
  /** Where downlink G-PDUs go (the SGW's S5/S8-U or the eNodeB's F-TEID). */
  downlink: { teid: number; address: string };
}

export class PgwCSxDriver {
  private readonly cp: PfcpCpNode;

  constructor(opts: SxDriverOptions) {
    this.cp = new PfcpCpNode(opts.pgwU, opts.recorder, 'pgw-u', opts.timers);
  }

  open(): Promise<Endpoint> {
    return this.cp.open();
  }

  close(): Promise<void> {
    return this.cp.close();
  }

  associate(signal?: AbortSignal): Promise<Outcome> {
    return this.cp.associate(signal);
  }

  heartbeat(signal?: AbortSignal): Promise<Outcome> {
    return this.cp.heartbeat(signal);
  }

  /** §7.5.2 Session Establishment Request; returns the outcome and our (CP) SEID. */
  async establish(p: SxSessionParams, signal?: AbortSignal): Promise<{ outcome: Outcome; cpSeid: bigint }> {
    const cpSeid = this.cp.allocateSeid();
    const v6 = p.downlink.address.includes(':');
    const ies: PfcpIe[] = [
      this.cp.nodeId(),
      this.cp.fseid(cpSeid),
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
            ies: [{ ie: 'destination-interface', value: INTERFACE.access }, gtpuOuterHeader(p.downlink)],
          },
        ],
      },
      {
        ie: 'create-urr',
        ies: [
          { ie: 'urr-id', ruleId: 1 },
          { ie: 'measurement-method', durat: false, volum: true, event: false },
        ],
      },
    ];
    const outcome = await this.cp.request(
      { type: 'session-establishment-request', seid: 0n, ies } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
    return { outcome, cpSeid };
  }

  /** §7.5.4 Session Modification: the downlink FAR to a new F-TEID (e.g. after a handover). */
  modifyDownlink(upSeid: bigint, downlink: { teid: number; address: string }, signal?: AbortSignal): Promise<Outcome> {
    return this.cp.request(
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
                ies: [{ ie: 'destination-interface', value: INTERFACE.access }, gtpuOuterHeader(downlink)],
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
    return this.cp.request(
      { type: 'session-deletion-request', seid: upSeid, ies: [] } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }
}
