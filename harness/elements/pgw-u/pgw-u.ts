import type { RemoteInfo } from 'node:dgram';
import { CAUSE, findIe, findIes, ieType, type PfcpIe, type PfcpMessage } from '../../protocol/pfcp/index.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import { sharedFaults } from '../common/fault-set.ts';
import { FIRST_HOP_FAULTS, Ipv6FirstHop } from '../common/ipv6-first-hop.ts';
import { PfcpNode } from '../common/pfcp-node.ts';
import type { PgwUFault } from './faults.ts';
import { apnOf, downlinkPeer, SxSessions, uePrefix, type SxSession } from './sessions.ts';

export interface PgwUConfig {
  address: string;
  /** PFCP port (8805 in a real network; 0 = chosen at run time). */
  port?: number;
  userPlanePort?: number;
  faults: readonly PgwUFault[];
  /** DNS, MTU and probe address per network instance (APN), for the RA and echo. */
  apns: Readonly<Record<string, ApnConfig>>;
  onError?: (err: unknown, from: RemoteInfo) => void;
}

/**
 * The PGW-U stand-in on Sxb (TS 29.244): PFCP node procedures (Heartbeat §6.2.2, Association
 * Setup §6.2.6) and session procedures (Establishment §7.5.2, Modification §7.5.4, Deletion
 * §7.5.6) with the causes of §8.2.1, a §6.4 retransmission cache, and the user plane of
 * elements/common/ipv6-first-hop.ts driven by the PDRs and FARs the PGW-C installed.
 */
export class PgwU {
  private readonly node: PfcpNode;
  private readonly sessions = new SxSessions();
  private readonly faults: ReadonlySet<PgwUFault>;
  readonly userPlane: Ipv6FirstHop;

  constructor(private readonly config: PgwUConfig) {
    this.faults = new Set(config.faults);
    this.node = new PfcpNode(
      config.address,
      {
        session: (req, peer) => {
          // Whatever this request changes, the forwarding thread asks again.
          this.userPlane.controlPlaneChanged();
          return this.session(req, peer);
        },
        // §6.2.8.2: the PGW-C released the association; its sessions go with it.
        released: (peer) => {
          this.userPlane.controlPlaneChanged();
          for (const s of this.sessions.ofCpFunction(peer)) this.sessions.remove(s);
        },
      },
      {
        silent: this.faults.has('silent'),
        fixedRecoveryTimeStamp: this.faults.has('fixed-recovery-time-stamp')
          ? new Date('2026-01-01T00:00:00Z')
          : undefined,
      },
      config.onError,
    );
    this.userPlane = new Ipv6FirstHop(
      config.address,
      (teid) => this.sessions.byUserPlaneTeid(teid),
      sharedFaults(this.faults, FIRST_HOP_FAULTS),
      config.onError,
    );
  }

  get endpoint(): { address: string; port: number } {
    return this.node.endpoint;
  }

  async start(): Promise<void> {
    await this.node.listen(this.config.port ?? 0);
    try {
      await this.userPlane.start(this.config.userPlanePort ?? 0);
    } catch (err) {
      await this.node.close();
      throw err;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.node.close(), this.userPlane.stop()]);
  }

  private nodeId(): PfcpIe {
    return this.node.nodeId();
  }

  private session(req: PfcpMessage, peer: string): PfcpMessage | undefined {
    const reply = (type: PfcpMessage['type'], ies: PfcpIe[], seid?: bigint): PfcpMessage =>
      ({ type, sequence: req.sequence, ...(seid !== undefined ? { seid } : {}), ies }) as PfcpMessage;
    const cause = (value: number): PfcpIe => ({ ie: 'cause', value });
    switch (req.type) {
      case 'session-establishment-request':
        return this.establish(req, peer);
      case 'session-modification-request':
      case 'session-deletion-request': {
        const s = req.seid !== undefined ? this.sessions.bySeid(req.seid) : undefined;
        const type =
          req.type === 'session-modification-request' ? 'session-modification-response' : 'session-deletion-response';
        // §7.2.2.4.2: unknown SEID → cause 65 with SEID 0 in the header.
        if (!s) return reply(type, [cause(CAUSE.SESSION_CONTEXT_NOT_FOUND)], 0n);
        if (req.type === 'session-deletion-request') {
          if (!this.faults.has('keep-deleted-sessions')) this.sessions.remove(s);
          return reply(type, [cause(CAUSE.REQUEST_ACCEPTED)], s.cpSeid);
        }
        const peerUp = downlinkPeer(findIes(req, 'update-far'));
        if (peerUp) s.peerUserPlane = peerUp;
        return reply(type, [cause(CAUSE.REQUEST_ACCEPTED)], s.cpSeid);
      }
      default:
        return undefined;
    }
  }

  /** §7.5.2/§7.5.3 Session Establishment. */
  private establish(req: PfcpMessage, peer: string): PfcpMessage {
    const fseid = findIe(req, 'f-seid');
    const reply = (ies: PfcpIe[]): PfcpMessage => ({
      type: 'session-establishment-response',
      sequence: req.sequence,
      seid: fseid?.seid ?? 0n,
      ies: [this.nodeId(), ...ies],
    });
    // §6.2.6.1: session requests need an association with the CP function first.
    if (!this.node.isAssociated(peer) && !this.faults.has('no-association-check'))
      return reply([{ ie: 'cause', value: CAUSE.NO_ESTABLISHED_PFCP_ASSOCIATION }]);
    for (const m of ['node-id', 'f-seid', 'create-pdr', 'create-far'] as const) {
      if (!findIe(req, m))
        return reply([
          { ie: 'cause', value: CAUSE.MANDATORY_IE_MISSING },
          { ie: 'offending-ie', type: ieType(m)! },
        ]);
    }
    // Table 7.5.2.4-1: a Create URR carries URR ID, Measurement Method and Reporting Triggers (all M);
    // a real UP function (open5gs) refuses the session without them, cause 66 naming the IE.
    if (!this.faults.has('lenient-urr'))
      for (const urr of findIes(req, 'create-urr'))
        for (const m of ['urr-id', 'measurement-method', 'reporting-triggers'] as const)
          if (!findIe(urr, m))
            return reply([
              { ie: 'cause', value: CAUSE.MANDATORY_IE_MISSING },
              { ie: 'offending-ie', type: ieType(m)! },
            ]);
    const pdrs = findIes(req, 'create-pdr');
    const apn: ApnConfig | undefined = apnOf(pdrs, this.config.apns);
    const created: PfcpIe[] = [];
    const chosen = new Map<number, number>();
    const s: SxSession = {
      cpSeid: fseid!.seid,
      upSeid: this.sessions.allocateSeid(),
      cpAddress: peer,
      ipv6Prefix: uePrefix(pdrs),
      anyLinkLocal: true,
      peerUserPlane: downlinkPeer(findIes(req, 'create-far')),
      config: { mtu: apn?.mtu ?? 1400, dnsIpv6: apn?.dnsIpv6 ?? [], probeIpv6: apn?.probeIpv6 },
    };
    for (const pdr of pdrs) {
      const pdi = findIe(pdr, 'pdi');
      const f = pdi ? findIe(pdi, 'f-teid') : undefined;
      if (!f?.choose) continue;
      // §5.5.3: PDRs with the same CHOOSE ID share one F-TEID.
      const id = f.choose.chooseId;
      const teid = (id !== undefined ? chosen.get(id) : undefined) ?? this.sessions.allocateTeid();
      if (id !== undefined) chosen.set(id, teid);
      s.uplinkTeid ??= teid;
      const pdrId = findIe(pdr, 'pdr-id');
      const ies: PfcpIe[] = pdrId ? [pdrId] : [];
      if (!this.faults.has('no-f-teid'))
        ies.push(
          this.config.address.includes(':')
            ? { ie: 'f-teid', teid, ipv6: this.config.address }
            : { ie: 'f-teid', teid, ipv4: this.config.address },
        );
      created.push({ ie: 'created-pdr', ies });
    }
    this.sessions.add(s);
    return reply([{ ie: 'cause', value: CAUSE.REQUEST_ACCEPTED }, this.node.fseid(s.upSeid), ...created]);
  }
}
