import type { PacketRecorder } from '../../net/pcap/index.ts';
import { PfcpCpNode, type PfcpOutcome } from '../../net/transactions/pfcp-cp.ts';
import type { Endpoint } from '../../net/transactions/udp-peer.ts';
import {
  CAUSE,
  causeName,
  downlinkFarUpdate,
  findIe,
  findIes,
  PDR,
  type PfcpIe,
  type PfcpMessage,
  sessionRules,
  uplinkFarStop,
  uplinkFarUpdate,
  visitedSessionRules,
} from '../../protocol/pfcp/index.ts';
import type { SmContext } from './session.ts';

/**
 * The SMF stand-in's N4 (TS 29.244 in the 5G role, TS 23.502 §4.3.2.2.1 steps 10 and 16): one
 * association with its UPF (set up at start and again when a session finds none), and per PDU
 * session Establishment with the rules of protocol/pfcp/session-rules.ts (the UE's addresses from
 * the SMF's pools, the N3 F-TEID chosen by the UPF, RS to our N4-u tunnel), Modification with the
 * gNB's F-TEID, Deletion. A failure is a string that says what the UPF did.
 */
export class SmfN4 {
  private readonly cp: PfcpCpNode;
  private associated = false;

  constructor(upf: Endpoint, recorder: PacketRecorder) {
    // §7.4.2: the UPF's Heartbeat Requests are answered, as a CP function in a network does.
    this.cp = new PfcpCpNode(upf, recorder, 'upf', undefined, true);
  }

  async open(address: string): Promise<void> {
    await this.cp.open(address);
  }

  close(): Promise<void> {
    return this.cp.close();
  }

  get address(): string {
    return this.cp.address;
  }

  /** §6.2.6 Association Setup; true when the UPF accepted it. */
  async associate(): Promise<string | undefined> {
    const why = failure(await this.cp.associate(), 'Association Setup');
    this.associated = why === undefined;
    return why;
  }

  /** §7.5.2: the session's rules; the UPF's SEID and chosen F-TEIDs go into the context. */
  async establish(
    s: SmContext,
    n4u: { teid: number; address: string },
    n3Family: 'ipv6' | 'ipv4',
    /** As H-SMF: the V-UPF's N9 F-TEID, where the downlink goes from the start (TS 23.502 §4.3.2.2.2 step 13). */
    downlink?: { teid: number; address: string },
  ): Promise<string | undefined> {
    if (!this.associated) {
      const why = await this.associate();
      if (why) return why;
    }
    const o = await this.cp.request({
      type: 'session-establishment-request',
      seid: 0n,
      ies: [
        this.cp.nodeId(),
        this.cp.fseid(s.cpSeid),
        ...sessionRules({
          dnn: s.dnn,
          pduSessionType: s.granted,
          ...(s.prefix ? { ueIpv6: s.prefix } : {}),
          ...(s.delegated ? { ueIpv6Delegated: s.delegated.length } : {}),
          ...(s.ipv4 ? { ueIpv4: s.ipv4 } : {}),
          qfi: s.qfi,
          n3Family,
          ...(s.granted !== 'ipv4' ? { cpTunnel: n4u, dhcpv6: true } : {}),
          ambrKbps: { ul: 500_000, dl: 1_000_000 },
          ...(downlink ? { downlink } : {}),
        }),
      ],
    } as Omit<PfcpMessage, 'sequence'>);
    const why = failure(o, 'Session Establishment');
    if (why || o.kind !== 'response') return why;
    s.upSeid = findIe(o.message, 'f-seid')?.seid;
    if (s.upSeid === undefined) return 'Session Establishment Response without the UPF F-SEID';
    const created = createdTeids(o.message);
    s.n3 = created.get(PDR.UPLINK);
    s.fromCp = created.get(PDR.FROM_CP);
    if (!s.n3) return 'Session Establishment Response without the N3 F-TEID the UPF chose (Created PDR)';
    return undefined;
  }

  /**
   * As V-SMF (TS 23.502 §4.3.2.2.2 step 6): the V-UPF's relay rules (protocol/pfcp/home-routed-rules.ts);
   * the N3 F-TEID it chose goes to `s.n3`, its N9 F-TEID to `s.home.n9`.
   */
  async establishVisited(s: SmContext, family: 'ipv6' | 'ipv4'): Promise<string | undefined> {
    if (!this.associated) {
      const why = await this.associate();
      if (why) return why;
    }
    const o = await this.cp.request({
      type: 'session-establishment-request',
      seid: 0n,
      ies: [this.cp.nodeId(), this.cp.fseid(s.cpSeid), ...visitedSessionRules({ dnn: s.dnn, qfi: s.qfi, family })],
    } as Omit<PfcpMessage, 'sequence'>);
    const why = failure(o, 'Session Establishment');
    if (why || o.kind !== 'response') return why;
    s.upSeid = findIe(o.message, 'f-seid')?.seid;
    if (s.upSeid === undefined) return 'Session Establishment Response without the UPF F-SEID';
    const created = createdTeids(o.message);
    s.n3 = created.get(PDR.UPLINK);
    if (s.home) s.home.n9 = created.get(PDR.DOWNLINK);
    if (!s.n3 || !s.home?.n9)
      return 'Session Establishment Response without the N3 and N9 F-TEIDs the V-UPF chose (Created PDR)';
    return undefined;
  }

  /** §7.5.4 as V-SMF: the uplink FAR forwards over N9 to the H-UPF (TS 23.502 §4.3.2.2.2 step 14). */
  modifyUplink(s: SmContext, hUpf: { teid: number; address: string }): Promise<string | undefined> {
    return this.modify(s, uplinkFarUpdate(hUpf));
  }

  /** §7.5.4 as V-SMF: the V-UPF stops forwarding the uplink (TS 23.502 §4.3.4.3 step 1a). */
  stopUplink(s: SmContext): Promise<string | undefined> {
    return this.modify(s, uplinkFarStop());
  }

  /** §7.5.4: the downlink FAR forwards to the gNB's N3 F-TEID. */
  modifyDownlink(s: SmContext, gnb: { teid: number; address: string }): Promise<string | undefined> {
    return this.modify(s, downlinkFarUpdate(gnb));
  }

  /** §7.5.4 Session Modification with one Update FAR; undefined when accepted, else why not. */
  private async modify(s: SmContext, updateFar: PfcpIe): Promise<string | undefined> {
    if (s.upSeid === undefined) return 'no N4 session';
    return failure(
      await this.cp.request({
        type: 'session-modification-request',
        seid: s.upSeid,
        ies: [updateFar],
      } as Omit<PfcpMessage, 'sequence'>),
      'Session Modification',
    );
  }

  /** §7.5.6 Session Deletion. */
  async delete(s: SmContext): Promise<string | undefined> {
    if (s.upSeid === undefined) return undefined;
    const seid = s.upSeid;
    s.upSeid = undefined;
    return failure(
      await this.cp.request({ type: 'session-deletion-request', seid, ies: [] } as Omit<PfcpMessage, 'sequence'>),
      'Session Deletion',
    );
  }
}

/** §7.5.3.2: the F-TEIDs the UPF chose, by the PDR ID of their Created PDR. */
function createdTeids(m: PfcpMessage): Map<number, { teid: number; address: string }> {
  const out = new Map<number, { teid: number; address: string }>();
  for (const c of findIes(m, 'created-pdr')) {
    const id = findIe(c, 'pdr-id')?.ruleId;
    const f = findIe(c, 'f-teid');
    const address = f?.ipv6 ?? f?.ipv4;
    if (id !== undefined && f?.teid !== undefined && address !== undefined) out.set(id, { teid: f.teid, address });
  }
  return out;
}

function failure(o: PfcpOutcome, what: string): string | undefined {
  if (o.kind !== 'response') return `no answer from the UPF to ${what} Request (${o.description})`;
  const c = findIe(o.message, 'cause')?.value;
  if (c === CAUSE.REQUEST_ACCEPTED) return undefined;
  return `the UPF answered ${what} Request with ${c === undefined ? 'no cause' : `cause ${c} (${causeName(c)})`}`;
}
