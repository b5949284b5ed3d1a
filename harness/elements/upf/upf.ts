import type { PacketRecorder } from '../../net/pcap/index.ts';
import type { RemoteInfo } from 'node:dgram';
import { flagsIe, type PfcpMessage } from '../../protocol/pfcp/index.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import { PfcpNode } from '../common/pfcp-node.ts';
import { InternetStandin, type InternetHosts } from '../internet/index.ts';
import type { UpfFault } from './faults.ts';
import { N4Procedures } from './n4.ts';
import { N4Sessions } from './sessions.ts';
import { N3UserPlane } from './user-plane.ts';
import { startAgainOnSamePorts } from '../common/restart-rebind.ts';

export interface UpfConfig {
  /** N4 and N3 address (one node address, as a small UPF has). */
  address: string;
  /** PFCP port (8805 in a real network; 0 = chosen at run time). */
  port?: number;
  /** GTP-U port of N3/N4-u (2152; 0 = chosen at run time). */
  userPlanePort?: number;
  faults: readonly UpfFault[];
  /** Per DNN (network instance): the pools the UPF chooses UE addresses from (CHV4/CHV6). */
  dnns: Readonly<Record<string, ApnConfig>>;
  /** The hosts behind N6 (in-process internet); none = N6 goes nowhere. */
  internet?: InternetHosts;
  /** The Pref64s of the PLATs (NAT64 stand-ins) behind N6 in front of those hosts, for 464XLAT (RFC 6877). */
  platPrefixes?: readonly string[];
  onError?: (err: unknown, from: RemoteInfo) => void;
  /** The GTP-U port of another UPF that a FAR sends to over N9 (in-process labs: chosen at run time). */
  n9Port?: (address: string) => number | undefined;
  /** Where N9 G-PDUs are recorded (home-routed roaming, as V-UPF; user-plane.ts). */
  recorder?: PacketRecorder;
}

/** Where the in-process N6 router answers from (Destination Unreachable). */
const N6_ROUTER = '2001:db8:6::1';

/**
 * The UPF stand-in (TS 23.501 §6.2.3): N4 (TS 29.244) in the 5G role — node procedures in
 * elements/common/pfcp-node.ts, session procedures in n4.ts — and the N3/N4-u/N6 user plane in
 * user-plane.ts. It advertises the UP function features it has (§8.2.25: FTUP, it allocates
 * F-TEIDs; UEIP, it allocates UE addresses).
 */
export class Upf {
  private readonly node: PfcpNode;
  private readonly sessions = new N4Sessions();
  private readonly procedures: N4Procedures;
  private readonly faults: ReadonlySet<UpfFault>;
  readonly userPlane: N3UserPlane;
  readonly n6?: InternetStandin;

  constructor(private readonly config: UpfConfig) {
    this.faults = new Set(config.faults);
    const changing =
      <A extends unknown[], R>(f: (...a: A) => R) =>
      (...a: A): R => {
        this.userPlane.controlPlaneChanged();
        return f(...a);
      };
    this.node = new PfcpNode(
      config.address,
      {
        // Whatever may change the sessions first voids what the forwarding thread may forward on
        // its own (n3-fast-path.ts): session messages, a released or set-up-again association.
        session: changing((req: PfcpMessage, peer: string) => this.procedures.handle(req, peer)),
        associationIes: () => [flagsIe('up-function-features', 'ftup', 'ueip')],
        released: changing((peer: string) => {
          if (!this.faults.has('keep-sessions-on-release')) this.procedures.releaseAll(peer);
        }),
        reassociated: changing((peer: string) => {
          if (!this.faults.has('keep-sessions-on-smf-restart')) this.procedures.releaseAll(peer);
        }),
      },
      {
        silent: this.faults.has('silent'),
        fixedRecoveryTimeStamp: this.faults.has('fixed-recovery-time-stamp')
          ? new Date('2026-01-01T00:00:00Z')
          : undefined,
      },
      config.onError,
    );
    this.procedures = new N4Procedures(this.node, this.sessions, this.faults, config.dnns);
    this.n6 = config.internet
      ? new InternetStandin(config.internet, N6_ROUTER, { prefixes: [...(config.platPrefixes ?? [])] })
      : undefined;
    this.userPlane = new N3UserPlane(
      config.address,
      this.sessions,
      this.faults,
      this.n6,
      config.onError,
      config.n9Port,
      config.recorder,
    );
  }

  get endpoint(): { address: string; port: number } {
    return this.node.endpoint;
  }

  get sessionCount(): number {
    return this.sessions.count;
  }

  /**
   * What the URRs of the session with our SEID `upSeid` counted (TS 29.244 §5.2.2.4), the
   * forwarding thread's share included; undefined when there is no such session.
   */
  usage(upSeid: bigint): { ulPackets: number; ulOctets: number; dlPackets: number; dlOctets: number }[] | undefined {
    const s = this.sessions.get(upSeid);
    if (!s) return undefined;
    this.userPlane.syncUsage();
    return [...s.urrs.values()].map((u) => ({
      ulPackets: u.ulPackets,
      ulOctets: u.ulOctets,
      dlPackets: u.dlPackets,
      dlOctets: u.dlOctets,
    }));
  }

  async start(): Promise<void> {
    await this.node.listen(this.node.endpointPort ?? this.config.port ?? 0);
    try {
      await this.userPlane.start(this.userPlanePort ?? this.config.userPlanePort ?? 0);
      this.userPlanePort = this.userPlane.endpoint.port;
    } catch (err) {
      await this.node.close();
      throw err;
    }
  }

  private userPlanePort?: number;

  async stop(): Promise<void> {
    await Promise.all([this.node.close(), this.userPlane.stop()]);
  }

  /** An operator restart (TS 23.007 §19A): sessions and associations lost, a new Recovery Time Stamp. */
  async restart(): Promise<void> {
    await this.stop();
    this.procedures.clear();
    this.node.restarted();
    await startAgainOnSamePorts(() => this.start());
  }
}
