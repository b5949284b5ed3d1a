import type { RemoteInfo } from 'node:dgram';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import {
  CAUSE,
  decode,
  encode,
  findIe,
  ieType,
  type PfcpIe,
  type PfcpMessage,
  recoveryTimeStamp,
} from '../../protocol/pfcp/index.ts';
import { RetransmissionCache } from './retransmission-cache.ts';
import { UdpServer } from './udp-server.ts';

/**
 * The node side of a PFCP UP function (TS 29.244), shared by the PGW-U (Sxb) and UPF (N4)
 * stand-ins: decoding, the §6.4 retransmission cache, Heartbeat (§6.2.2) and Association Setup
 * (§6.2.6) with its cause 66 for a missing Node ID, Association Release (§6.2.8), and the association check session requests
 * need (§6.2.6.1, cause 72). Session messages go to the element's own handler.
 */
export interface PfcpNodeFaults {
  /** Answers no PFCP request. */
  silent?: boolean;
  /** Reports this Recovery Time Stamp instead of the start time. */
  fixedRecoveryTimeStamp?: Date;
}

export interface PfcpNodeHandlers {
  /** A session request (Establishment, Modification, Deletion, ...); undefined = no answer. */
  session(req: PfcpMessage, peer: string): PfcpMessage | undefined;
  /** IEs the Association Setup Response carries after Node ID, Cause and Recovery Time Stamp. */
  associationIes?(): PfcpIe[];
  /** The CP function at `peer` released the association (§6.2.8.2): its PFCP sessions go. */
  released?(peer: string): void;
  /**
   * The CP function at `peer`, already associated, set up its association again (a restart, TS
   * 23.007 §19A): the sessions of the existing association go, whatever its Recovery Time Stamp
   * (TS 29.244 §6.2.6.2.3). Without this handler, the release handler is used.
   */
  reassociated?(peer: string): void;
}

export class PfcpNode {
  private readonly server: UdpServer;
  private readonly associated = new Set<string>();
  private readonly cache = new RetransmissionCache();
  private startedAt = new Date();
  private bound?: { address: string; port: number };

  constructor(
    readonly address: string,
    private readonly handlers: PfcpNodeHandlers,
    private readonly faults: PfcpNodeFaults = {},
    private readonly onError?: (err: unknown, from: RemoteInfo) => void,
  ) {
    this.server = new UdpServer((msg, from) => this.receive(msg, from), onError);
  }

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('PFCP node is not started');
    return this.bound;
  }

  /** The port bound last (kept across a restart, so peers find the node where it was). */
  get endpointPort(): number | undefined {
    return this.bound?.port;
  }

  get recoveryTime(): Date {
    return this.faults.fixedRecoveryTimeStamp ?? this.startedAt;
  }

  async listen(port: number): Promise<{ address: string; port: number }> {
    this.bound = await this.server.listen(this.address, port);
    return this.bound;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** A restart (TS 23.007 §19A): associations and cached answers are gone, a new Recovery Time Stamp. */
  restarted(): void {
    this.associated.clear();
    this.cache.clear();
    this.startedAt = new Date(Math.max(Date.now(), this.startedAt.getTime() + 1000));
  }

  isAssociated(peer: string): boolean {
    return this.associated.has(peer);
  }

  nodeId(): PfcpIe {
    return this.address.includes(':') ? { ie: 'node-id', ipv6: this.address } : { ie: 'node-id', ipv4: this.address };
  }

  fseid(seid: bigint): PfcpIe {
    return this.address.includes(':')
      ? { ie: 'f-seid', seid, ipv6: this.address }
      : { ie: 'f-seid', seid, ipv4: this.address };
  }

  private receive(msg: Buffer, from: RemoteInfo): void {
    let req: PfcpMessage;
    try {
      req = decode(msg);
    } catch (err) {
      if (err instanceof DecodeError) return this.onError?.(err, from);
      throw err;
    }
    if (this.faults.silent || !req.type.endsWith('-request')) return;
    // §6.4: the same request (peer, sequence number, type and octets) gets the same answer.
    const key = this.cache.key(from.address, from.port, req.sequence, msg[1], msg);
    const cached = this.cache.get(key, msg);
    if (cached) return this.server.send(cached, from);
    const res = this.handle(req, from.address);
    if (!res) return;
    const bytes = encode(res);
    this.cache.put(key, msg, bytes);
    this.server.send(bytes, from);
  }

  private handle(req: PfcpMessage, peer: string): PfcpMessage | undefined {
    const reply = (type: PfcpMessage['type'], ies: PfcpIe[]): PfcpMessage =>
      ({ type, sequence: req.sequence, ies }) as PfcpMessage;
    switch (req.type) {
      case 'heartbeat-request':
        return reply('heartbeat-response', [recoveryTimeStamp(this.recoveryTime)]);
      case 'association-setup-request':
        if (!findIe(req, 'node-id'))
          return reply('association-setup-response', [
            this.nodeId(),
            { ie: 'cause', value: CAUSE.MANDATORY_IE_MISSING },
            { ie: 'offending-ie', type: ieType('node-id') },
          ]);
        // §6.2.6.2.3 / TS 23.007 §19A: a new association for a Node ID already associated replaces
        // it, and the existing association's PFCP sessions are deleted, regardless of the Recovery
        // Time Stamp (the CP function restarted and knows nothing of them).
        if (this.associated.has(peer)) (this.handlers.reassociated ?? this.handlers.released)?.(peer);
        this.associated.add(peer);
        return reply('association-setup-response', [
          this.nodeId(),
          { ie: 'cause', value: CAUSE.REQUEST_ACCEPTED },
          recoveryTimeStamp(this.recoveryTime),
          ...(this.handlers.associationIes?.() ?? []),
        ]);
      // §6.2.8.2: the CP function releases the association; its sessions are deleted with it.
      case 'association-release-request': {
        const had = this.associated.delete(peer);
        if (had) this.handlers.released?.(peer);
        return reply('association-release-response', [
          this.nodeId(),
          { ie: 'cause', value: had ? CAUSE.REQUEST_ACCEPTED : CAUSE.NO_ESTABLISHED_PFCP_ASSOCIATION },
        ]);
      }
      default:
        return req.seid !== undefined ? this.handlers.session(req, peer) : undefined;
    }
  }
}
