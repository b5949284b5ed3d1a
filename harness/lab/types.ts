import type { PacketRecorder } from '../net/pcap/index.ts';
import type { SendLimit } from '../net/send-limit.ts';
import type { AccountingRecord } from '../protocol/radius/index.ts';
import type { AmfDeclaration } from './amf-declaration.ts';
import type { GxRecord } from '../protocol/diameter/index.ts';
import type { N16Record } from '../protocol/sbi/index.ts';
import type { ApnPolicy, ApnRole, GatewayPolicy, InterfaceName, InternetHosts, Subscriber } from './target.ts';

/**
 * The lab abstraction (ARCHITECTURE.md, "Words"): a provider turns a target file into running
 * elements. `inproc` starts stand-ins inside the harness process on loopback, `external` only
 * reads addresses, `docker` (later) starts containers.
 */
export type ProviderName = 'inproc' | 'external' | 'docker';

/** How a driver reaches one element, whatever runs it. */
export interface ElementEndpoint {
  /** The element's name in the target file (pgw, sgw, ggsn ...). */
  name: string;
  /** `real`: a Debian-packaged element (unbound, bind9, tayga) the lab runs and configures. */
  kind: 'standin' | 'external' | 'real';
  address: string;
  /** The element's IPv4 address, where it also serves over IPv4 (a resolver's IPv4 clients). */
  ipv4Address?: string;
  /** Fault injection on the element's container (docker lab only; absent elsewhere). */
  control?: ElementControl;
  /**
   * A host beyond a filtering element that the lab controls (the firewall's internet side):
   * opens a connection or sends a datagram toward the UE side, as an outside host would.
   */
  farHost?: FarHost;
  port: number;
  family: 4 | 6;
  /**
   * UDP port of the element's GTP-U (2152 in a real network; in-process stand-ins may use
   * another so that several can share loopback).
   */
  userPlanePort?: number;
  /** The declared GTP transport family per interface, where the target names one. */
  interfaces?: Readonly<Partial<Record<InterfaceName, 'ipv4' | 'ipv6'>>>;
  /** Ceilings on what drivers send to a real element (target `limits:`; none for stand-ins). */
  sendLimit?: SendLimit;
  userPlaneLimit?: SendLimit;
  /** The operator's declared policy per APN (from the target file). */
  apns: Readonly<Record<string, ApnPolicy>>;
  /** The operator's declared policy per DNN (5GS; from the target file), absent where none is declared. */
  dnns?: Readonly<Record<string, ApnPolicy>>;
  /** Which APN plays which role (target `roles:`); roles not named here are inferred (apn-roles.ts). */
  apnRoles?: Readonly<Partial<Record<ApnRole, string>>>;
  /** A GGSN's declared interval between the Echo Requests it sends (seconds, TS 29.060 §7.2.1). */
  echoInterval?: number;
  /** An HSS's declared subscribers by IMSI, its home PLMN (MCC-MNC) and Diameter realm (target file). */
  subscribers?: Readonly<Record<string, Subscriber>>;
  homePlmn?: string;
  diameterRealm?: string;
  /** An AMF's N2: SCTP over raw IP, or over UDP (RFC 6951) to the AMF's `udpPort`. */
  sctp?: { transport: 'raw' | 'udp'; udpPort?: number };
  /** What an AMF serves: PLMN, TAC, slices, SUCI keys, NAS algorithms (target file). */
  amf?: AmfDeclaration;
  /**
   * Restarts the element the way an operator would (its restart counter must change,
   * TS 23.007 §18). Absent where the lab cannot restart it (external DUTs).
   */
  restart?: () => Promise<void>;
  /**
   * The accounting records an AAA received so far: the stand-in's own list, or a real AAA's log
   * (freeradius `detail` in the docker lab). Absent for an AAA the lab cannot read (external).
   */
  accountingRecords?: () => Promise<readonly AccountingRecord[]>;
  /**
   * The Credit-Control Requests a PCRF received so far (TS 29.212 §5.6.2: what the PCEF said about
   * each IP-CAN session). Absent for a PCRF the lab cannot read (external).
   */
  gxRecords?: () => Promise<readonly GxRecord[]>;
  /**
   * An AMF's received SmContextStatusNotify (TS 29.502 §5.2.2.5) from its SMF, oldest first: whose
   * PDU session and its resourceStatus. Absent where the lab cannot read them (a container, external).
   */
  smContextStatus?: () => Promise<readonly { supi: string; pduSessionId: number; resourceStatus: string }[]>;
  /**
   * What an SMF of a home-routed session saw of N16 (TS 29.502 §5.2.2.7-§5.2.2.9), oldest first.
   * Absent where the lab cannot read it (a container, external).
   */
  n16?: () => Promise<readonly N16Record[]>;
  /**
   * An AAA's RADIUS shared secret (RFC 2865 §3, RFC 2866 §3), for a scenario that plays the NAS:
   * a stand-in's or freeradius's from the target, an external AAA's where its target entry gives one.
   */
  radiusSecret?: string;
}

/**
 * What the docker lab can do to one element's container, as a cloud failure would (CLOUD-*):
 * each resolves when done; `start` and `reconnect` when the element answers again.
 */
export interface ElementControl {
  /** SIGKILL: the process and its state are gone (what it stored on disk stays). */
  kill(): Promise<void>;
  /** Starts a killed element again: same container, same addresses. */
  start(): Promise<void>;
  /** Freezes every process of the element (cgroup freezer), and thaws it. */
  pause(): Promise<void>;
  unpause(): Promise<void>;
  /** Cuts the element off its network (a partition), and joins it again with the same address. */
  disconnect(): Promise<void>;
  reconnect(): Promise<void>;
  /** Caps the element's CPU to `cpus` cores (cgroup); `undefined` lifts the cap. */
  limitCpu(cpus: number | undefined): Promise<void>;
}

export interface FarHost {
  /** `connected`/`refused`/`timeout` for TCP; `sent` for UDP (the receiver judges arrival). */
  connect(
    protocol: 'tcp' | 'udp',
    address: string,
    port: number,
    timeoutMs: number,
  ): Promise<'connected' | 'refused' | 'timeout' | 'sent'>;
  /** Octets its UDP discard service (RFC 863, port 9) has received so far. */
  discarded(): Promise<number>;
}

export interface LabSession {
  readonly elements: ReadonlyMap<string, ElementEndpoint>;
  /**
   * Saves what the lab itself observed into the report folder `reportDir`: the elements' own
   * captures (pcap/<base>-<element>.pcap) always, their logs (logs/<base>/) when `failed`. Returns
   * the files written. Text it writes (logs) goes through `mask` first: the runner's identity
   * masking (CLOUD-SECRECY), since elements log the IMSIs and MSISDNs they were sent.
   */
  collectArtifacts?(
    reportDir: string,
    base: string,
    failed: boolean,
    mask?: (text: string) => string,
  ): Promise<string[]>;
  /** The hosts behind SGi/Gi that the target declares. */
  readonly internet?: InternetHosts;
  /** The operator's declared gateway-centre policy (target `gateway:`). */
  readonly gateway?: GatewayPolicy;
  close(): Promise<void>;
}

export interface OpenOptions {
  signal: AbortSignal;
  recorder: PacketRecorder;
  /** Ends the scenario at once with a lab error (e.g. an element's container died). */
  fail?: (err: LabError) => void;
  /**
   * Elements the scenario uses through the ones it needs, where the target has them (the scenario's
   * `uses`): a lab that runs them as elements of their own starts and wires them (the docker lab: a
   * PGW's PLAT); one where a needed element serves that part itself ignores them.
   */
  uses?: readonly string[];
}

export interface Lab {
  readonly provider: ProviderName;
  /** Starts (or looks up) the named elements for one scenario. */
  open(needs: readonly string[], opts: OpenOptions): Promise<LabSession>;
  /**
   * Before close() at the end of a run that failed: saves the whole log of every element that
   * outlived its scenarios, and of any that died unreported, into `reportDir` (logs/lab/), masked.
   * Returns the files written.
   */
  saveLogs?(reportDir: string, mask?: (text: string) => string): Promise<string[]>;
  /** Releases anything the lab holds across scenarios. */
  close(): Promise<void>;
}

/** The lab could not provide an element; `element` names it for the report. */
export class LabError extends Error {
  override readonly name: string = 'LabError';
  constructor(
    readonly element: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The target declares no such element (e.g. an MVNO with a GGSN only, running a suite that also
 * drives a PGW): the scenario is not run, and the report says why (status `skipped`).
 */
export class ElementNotInTarget extends LabError {
  override readonly name = 'ElementNotInTarget';
  constructor(element: string, targetName: string) {
    super(element, `the target "${targetName}" has no element "${element}"`);
  }
}
