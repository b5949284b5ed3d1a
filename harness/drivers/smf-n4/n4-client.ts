import type { PacketRecorder } from '../../net/pcap/index.ts';
import {
  downlinkFarUpdate,
  type N4SessionParams,
  PFCP_PORT,
  type PfcpMessage,
  sessionRules,
} from '../../protocol/pfcp/index.ts';
import type { ReliabilityTimers } from '../../net/transactions/gtp-transactions.ts';
import { PfcpCpNode, type PfcpOutcome } from '../../net/transactions/pfcp-cp.ts';
import type { Endpoint } from '../../net/transactions/udp-peer.ts';

/** The session rules are built in protocol/pfcp/session-rules.ts, shared with the SMF stand-in. */
export { sessionRules, PDR, FAR, type N4SessionParams } from '../../protocol/pfcp/index.ts';

/**
 * The SMF side of N4 (TS 29.244 in the 5G role, TS 23.501 §5.8.2), driving a UPF under test. A PDU
 * session's rules: uplink PDR (Access, F-TEID chosen by the UPF, the QFI, the UE IP address as
 * source, GTP-U removed) → FAR to Core; downlink PDR (Core, UE IP address as destination) → FAR to
 * Access, buffered until the gNB's N3 F-TEID is known (Modification); a QER with the QFI and the
 * session AMBR as MBR; a volume URR. For IPv6 PDU sessions, TS 23.501 §5.8.2.2.2: a PDR that sends
 * the UE's Router Solicitations (SDF "permit out 58 from ff02::2/128 to assigned") to the SMF over
 * N4-u, and a PDR for what the SMF sends back (Source Interface CP-function) → the downlink FAR.
 */
export interface SmfN4Options {
  /** `kind`: a real or external UPF gets our N4 on port 8805 where it is free (see `open`). */
  upf: Endpoint & { kind?: 'standin' | 'external' | 'real' };
  recorder: PacketRecorder;
  timers?: ReliabilityTimers;
}

export class SmfN4Driver {
  private readonly cp: PfcpCpNode;

  constructor(private readonly opts: SmfN4Options) {
    this.cp = new PfcpCpNode(opts.upf, opts.recorder, 'upf', opts.timers);
  }

  /**
   * Toward a real UPF our N4 listens on PFCP's port, 8805, as an SMF does: a UP function sends its
   * requests (Heartbeat, Session Report) there (TS 29.244 §7.2.2.2). Where the port is taken on
   * this host, any port (those requests are then lost unless the UPF sends them to our source port).
   * A stand-in answers wherever we are.
   */
  async open(): Promise<Endpoint> {
    if (this.opts.upf.kind && this.opts.upf.kind !== 'standin')
      try {
        return await this.cp.open(undefined, PFCP_PORT);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      }
    return this.cp.open();
  }

  close(): Promise<void> {
    return this.cp.close();
  }

  get address(): string {
    return this.cp.address;
  }

  associate(signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.associate(signal);
  }

  heartbeat(signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.heartbeat(signal);
  }

  /** This SMF restarts (TS 23.007 §19A): a newer Recovery Time Stamp from now on; associate again next. */
  restart(): void {
    this.cp.restart();
  }

  /** The Recovery Time Stamp we send (Association Setup, Heartbeat). */
  get recoveryTimeStamp(): Date {
    return this.cp.started;
  }

  /** §6.2.8.2 Association Release: the UPF deletes the sessions of this association. */
  releaseAssociation(signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.release(signal);
  }

  /** §7.5.2 Session Establishment Request; returns the outcome and our (CP) SEID. */
  async establish(p: N4SessionParams, signal?: AbortSignal): Promise<{ outcome: PfcpOutcome; cpSeid: bigint }> {
    const cpSeid = this.cp.allocateSeid();
    const outcome = await this.cp.request(
      {
        type: 'session-establishment-request',
        seid: 0n,
        ies: [this.cp.nodeId(), this.cp.fseid(cpSeid), ...sessionRules(p)],
      } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
    return { outcome, cpSeid };
  }

  /** §7.5.4 Session Modification: the downlink FAR forwards to the gNB's N3 F-TEID (TS 23.502 §4.3.2.2.1 step 16). */
  modifyDownlink(upSeid: bigint, gnb: { teid: number; address: string }, signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.request(
      {
        type: 'session-modification-request',
        seid: upSeid,
        ies: [downlinkFarUpdate(gnb)],
      } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }

  /** §7.5.4 Session Modification of the session QER's gates (§8.2.7: open or closed per direction, §5.4.2). */
  modifyGates(
    upSeid: bigint,
    gates: { ul: 'open' | 'closed'; dl: 'open' | 'closed' },
    signal?: AbortSignal,
  ): Promise<PfcpOutcome> {
    const v = (g: 'open' | 'closed') => (g === 'open' ? 0 : 1);
    return this.cp.request(
      {
        type: 'session-modification-request',
        seid: upSeid,
        ies: [
          {
            ie: 'update-qer',
            ies: [
              { ie: 'qer-id', ruleId: 1 },
              { ie: 'gate-status', ul: v(gates.ul), dl: v(gates.dl) },
            ],
          },
        ],
      } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }

  /** §7.5.6 Session Deletion. */
  delete(upSeid: bigint, signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.request(
      { type: 'session-deletion-request', seid: upSeid, ies: [] } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }

  /** Any request (negative tests: a Modification with a rule that cannot be applied, ...). */
  request(m: Omit<PfcpMessage, 'sequence'>, signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.cp.request(m, signal);
  }
}
