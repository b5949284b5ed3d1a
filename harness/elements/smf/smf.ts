import { type PacketRecorder, noRecorder } from '../../net/pcap/index.ts';
import { SbiClient, SbiServer } from '../../net/sbi/index.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import type { SmfFault } from './faults.ts';
import { SmfN4 } from './n4.ts';
import { N4u } from './n4u.ts';
import { SmContexts } from './sm-contexts.ts';
import { HomeSmf } from './home.ts';
import { VisitedSmf } from './visited.ts';
import { PDU_SESSIONS_PATH, VSMF_PDU_SESSIONS_PATH } from '../../protocol/sbi/index.ts';
import { N16Log } from './n16-log.ts';

export interface SmfOptions {
  /** N11, N4 and N4-u address. */
  address: string;
  /** N11 port (0 = chosen at run time). */
  sbiPort?: number;
  /** The UPF it controls over N4 (PFCP port) and whose GTP-U port N4-u sends to. */
  upf: { address: string; port: number; userPlanePort?: number };
  /** The DNNs it serves: PDU session types, pools, DNS, MTU (declared like APNs). */
  dnns: Readonly<Record<string, ApnConfig>>;
  faults?: readonly SmfFault[];
  /**
   * Its role in home-routed roaming (TS 23.502 §4.3.2.2.2): `v-smf` relays PDU sessions to the
   * H-SMF over N16 with its UPF as V-UPF; `h-smf` serves N16 (and N11 as any SMF does).
   */
  role?: 'smf' | 'v-smf' | 'h-smf';
  /** As V-SMF: the H-SMF's N16 API root (http://host:port) when the AMF names none (hSmfUri). */
  hSmf?: string;
  /** Where N4 and N4-u are recorded (the legs no driver sees). */
  recorder?: PacketRecorder;
  onError?: (e: unknown) => void;
}

/**
 * The SMF stand-in (TS 23.501 §6.2.2): Nsmf_PDUSession on N11 (sm-contexts.ts, TS 29.502) over
 * HTTP/2 (h2c), N4 to its UPF (n4.ts, TS 29.244), N4-u for the UE's Router Solicitations and our
 * Router Advertisements (n4u.ts, TS 23.501 §5.8.2.2.2). The 5GSM decisions are the ones the AMF's
 * own session management uses (common/pdu-session-policy.ts); the UE's /64 and IPv4 address come
 * from the SMF's pools per DNN.
 */
export class Smf {
  readonly sbi: SbiServer;
  readonly n4: SmfN4;
  readonly n4u: N4u;
  readonly contexts: SmContexts;
  private readonly faults: ReadonlySet<SmfFault>;
  private readonly amfs = new Map<string, SbiClient>();
  /** N16 clients toward the other SMF of home-routed sessions, recorded (legs no driver sees). */
  private readonly peerSmfs = new Map<string, SbiClient>();
  /** What this SMF saw of N16 (as V-SMF or H-SMF). */
  readonly n16 = new N16Log();
  readonly home?: HomeSmf;
  readonly visited?: VisitedSmf;

  constructor(private readonly opts: SmfOptions) {
    this.faults = new Set(opts.faults ?? []);
    const onError = (e: unknown) => opts.onError?.(e);
    const recorder = opts.recorder ?? noRecorder;
    this.sbi = new SbiServer((req) => {
      if (this.home && req.path.startsWith(PDU_SESSIONS_PATH)) return this.home.handle(req);
      if (this.visited && req.path.startsWith(VSMF_PDU_SESSIONS_PATH)) return this.visited.handle(req);
      return this.contexts.handle(req);
    }, onError);
    this.n4 = new SmfN4({ address: opts.upf.address, port: opts.upf.port }, recorder);
    this.n4u = new N4u(
      (teid) => this.contexts.byTeid(teid),
      () => opts.upf.userPlanePort ?? 2152,
      {
        noRa: this.faults.has('no-ra'),
        onLink: this.faults.has('ra-on-link'),
        noPref64: this.faults.has('ra-no-pref64'),
        pdNoExclude: this.faults.has('pd-no-exclude'),
      },
      onError,
      opts.recorder,
    );
    const self = this;
    const family = opts.upf.address.includes(':') ? 'ipv6' : 'ipv4';
    const has = (f: SmfFault) => this.faults.has(f);
    if (opts.role === 'v-smf') {
      if (!opts.hSmf) throw new Error('a V-SMF needs its H-SMF (hSmf)');
      this.visited = new VisitedSmf({
        n4: this.n4,
        get contexts() {
          return self.contexts;
        },
        get apiRoot() {
          return self.sbi.apiRoot;
        },
        family,
        hSmf: (root) => this.peerSmf(root),
        defaultHSmf: opts.hSmf,
        n16: this.n16,
        has,
        onError,
      });
    }
    if (opts.role === 'h-smf')
      this.home = new HomeSmf({
        n4: this.n4,
        n4u: this.n4u,
        get contexts() {
          return self.contexts;
        },
        get apiRoot() {
          return self.sbi.apiRoot;
        },
        family,
        vSmf: (root) => this.peerSmf(root),
        n16: this.n16,
        has,
        onError,
      });
    this.contexts = new SmContexts(
      {
        n4: this.n4,
        n4u: this.n4u,
        get apiRoot() {
          return self.sbi.apiRoot;
        },
        n3Family: opts.upf.address.includes(':') ? 'ipv6' : 'ipv4',
        has: (f) => this.faults.has(f),
        amfClient: (root) => this.amfClient(root),
        onError,
        ...(this.visited ? { visited: this.visited } : {}),
      },
      opts.dnns,
    );
  }

  /** http://host:port of N11. */
  get apiRoot(): string {
    return this.sbi.apiRoot;
  }

  get endpoint(): { address: string; port: number } {
    return this.sbi.endpoint;
  }

  /**
   * N11 listening, N4 and N4-u open, and the PFCP association with the UPF tried (a UPF that does
   * not answer yet is asked again by the first PDU session).
   */
  async start(): Promise<void> {
    await this.sbi.listen(this.opts.address, this.opts.sbiPort ?? 0);
    try {
      await this.n4.open(this.opts.address);
      await this.n4u.listen(this.opts.address);
    } catch (e) {
      await this.stop();
      throw e;
    }
    const why = await this.n4.associate();
    if (why) this.opts.onError?.(new Error(`PFCP association with the UPF: ${why}`));
  }

  /** Stops without N4 deletions (a stopped SMF does not tidy its UPF; the lab stops both). */
  async stop(): Promise<void> {
    await Promise.allSettled([
      this.sbi.close(),
      this.n4.close(),
      this.n4u.close(),
      ...[...this.amfs.values(), ...this.peerSmfs.values()].map((c) => c.close()),
    ]);
    this.amfs.clear();
    this.peerSmfs.clear();
  }

  /** N16 clients by API root (the H-SMF of a V-SMF, the V-SMFs of an H-SMF), recorded when a recorder is given. */
  private peerSmf(apiRoot: string): SbiClient {
    let c = this.peerSmfs.get(apiRoot);
    if (!c) this.peerSmfs.set(apiRoot, (c = new SbiClient(apiRoot, undefined, this.opts.recorder)));
    return c;
  }

  /** SBI clients by API root: the AMFs it notifies. */
  private amfClient(apiRoot: string): SbiClient {
    let c = this.amfs.get(apiRoot);
    if (!c) this.amfs.set(apiRoot, (c = new SbiClient(apiRoot)));
    return c;
  }
}
