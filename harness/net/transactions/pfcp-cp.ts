import type { PacketRecorder } from '../pcap/index.ts';
import * as pfcp from '../../protocol/pfcp/index.ts';
import { type PfcpIe, type PfcpMessage, recoveryTimeStamp } from '../../protocol/pfcp/index.ts';
import {
  DEFAULT_TIMERS,
  type GtpCodec,
  GtpTransactions,
  type Outcome as TxOutcome,
  type ReliabilityTimers,
} from './gtp-transactions.ts';
import type { Endpoint } from './udp-peer.ts';

export type PfcpOutcome = TxOutcome<PfcpMessage>;

/** PFCP under the transaction layer: 24-bit sequence numbers, T1/N1 as §6.4 asks (TS 29.244). */
const PFCP: GtpCodec<PfcpMessage> = {
  encode: pfcp.encode,
  decode: pfcp.decode,
  isResponse: (m) => m.type.endsWith('-response'),
  maxSequence: 0xffffff,
};

const NODE_STARTED = new Date();

/**
 * The CP function's side of a PFCP association (TS 29.244), shared by the PGW-C (Sxb) and SMF
 * (N4) drivers and the SMF stand-in: Association Setup (§6.2.6) and Heartbeat (§6.2.2) with our Recovery Time Stamp,
 * our Node ID and F-SEIDs, and requests through the §6.4 transaction layer.
 */
export class PfcpCpNode {
  private readonly tx: GtpTransactions<PfcpMessage>;
  private local?: Endpoint;
  private nextSeid = 0xc0de0001n;
  /**
   * Our Recovery Time Stamp: when this harness process started, the same for every node it opens
   * (TS 23.007 §19A: it changes only when the node restarts). The scenarios of a run are one CP
   * function with one Node ID; a newer stamp per scenario would tell a run-long UPF that we
   * restarted, and it would delete the sessions of the association (open5gs does so on the next
   * Heartbeat Response).
   */
  private stamp = NODE_STARTED;

  get started(): Date {
    return this.stamp;
  }

  /**
   * This CP function restarts (TS 23.007 §19A): what it knew of its PFCP sessions is gone and its
   * Recovery Time Stamp is newer (§8.2.65 counts whole seconds, so at least one second newer).
   * The next Association Setup Request tells the UP function so (TS 29.244 §6.2.6.2.3).
   * Only this node restarts: the other nodes of the process keep the process's stamp.
   */
  restart(): void {
    this.stamp = new Date(Math.max(Date.now(), this.stamp.getTime() + 1000));
  }

  constructor(
    up: Endpoint,
    recorder: PacketRecorder,
    element: string,
    timers: ReliabilityTimers = DEFAULT_TIMERS,
    /**
     * §6.2.2.1: answer the UP function's Heartbeat Requests with our Recovery Time Stamp, as a CP
     * function in a network does (a UP function that hears no answer releases the association,
     * §6.2.6.1; open5gs does so after ~8 s). A driver that judges what the UP function sends may
     * leave them unanswered and see them as unmatched.
     */
    answerHeartbeats = true,
  ) {
    this.tx = new GtpTransactions(PFCP, up, recorder, element, timers);
    if (answerHeartbeats)
      this.tx.onRequest((m) =>
        m.type === 'heartbeat-request'
          ? ({
              type: 'heartbeat-response',
              sequence: m.sequence,
              ies: [recoveryTimeStamp(this.started)],
            } as PfcpMessage)
          : undefined,
      );
  }

  /** `port`: 0 (the kernel's choice) or PFCP's 8805, where a real UP function sends its own requests (§4.2.2). */
  async open(localAddress?: string, port?: number): Promise<Endpoint> {
    this.local = await this.tx.open(localAddress, port);
    return this.local;
  }

  close(): Promise<void> {
    return this.tx.close();
  }

  get address(): string {
    return this.local?.address ?? '::1';
  }

  allocateSeid(): bigint {
    return this.nextSeid++;
  }

  nodeId(): PfcpIe {
    const a = this.address;
    return a.includes(':') ? { ie: 'node-id', ipv6: a } : { ie: 'node-id', ipv4: a };
  }

  fseid(seid: bigint): PfcpIe {
    const a = this.address;
    return a.includes(':') ? { ie: 'f-seid', seid, ipv6: a } : { ie: 'f-seid', seid, ipv4: a };
  }

  request(m: Omit<PfcpMessage, 'sequence'>, signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.tx.request(m, signal);
  }

  /** §6.2.6 PFCP Association Setup Request: Node ID and Recovery Time Stamp. */
  associate(signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.request(
      { type: 'association-setup-request', ies: [this.nodeId(), recoveryTimeStamp(this.started)] } as Omit<
        PfcpMessage,
        'sequence'
      >,
      signal,
    );
  }

  /** §6.2.8.2 PFCP Association Release Request: Node ID (the UP function deletes our sessions). */
  release(signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.request(
      { type: 'association-release-request', ies: [this.nodeId()] } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }

  /** §6.2.2 Heartbeat Request with our Recovery Time Stamp. */
  heartbeat(signal?: AbortSignal): Promise<PfcpOutcome> {
    return this.request(
      { type: 'heartbeat-request', ies: [recoveryTimeStamp(this.started)] } as Omit<PfcpMessage, 'sequence'>,
      signal,
    );
  }
}

/** §8.2.56 Outer Header Creation toward a GTP-U peer (kept here for the drivers that import it from this file). */
export { gtpuOuterHeader } from '../../protocol/pfcp/index.ts';
