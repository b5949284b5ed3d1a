import type { RemoteInfo } from 'node:dgram';
import { decode, encode, findIe, type Gtpv1cMessage } from '../../protocol/gtpv1c/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { FIRST_HOP_FAULTS, Ipv6FirstHop } from '../common/ipv6-first-hop.ts';
import { sharedFaults } from '../common/fault-set.ts';
import { RetransmissionCache } from '../common/retransmission-cache.ts';
import { UdpServer } from '../common/udp-server.ts';
import type { GgsnFault } from './faults.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import { PdpContextTable } from './pdp-contexts.ts';
import { AccountingClient, type AccountingConfig } from '../common/radius-accounting.ts';
import { InternetStandin, type InternetHosts } from '../internet/index.ts';
import { createPdpContext, type GnProcedureContext } from './create-pdp-context.ts';
import { deletePdpContext, updatePdpContext } from './update-pdp-context.ts';
import { SgsnPaths } from './sgsn-paths.ts';
import { WindowCounter } from './window-counter.ts';
import { startAgainOnSamePorts } from '../common/restart-rebind.ts';

/** The next router on the Gi side, source of its ICMP errors (documentation prefix). */
const GI_ROUTER = '2001:db8:ffff::fffe';
/** The control-plane extension headers this GGSN takes (TS 29.060 §6.1): MS Info Change Reporting support indication. */
const SUPPORTED_EXTENSION_HEADERS = [0x02];
const NO_OCTETS = Buffer.alloc(0);

export interface GgsnConfig {
  address: string;
  port?: number;
  userPlanePort?: number;
  /** Recovery (TS 29.060 §7.7.11); the fault restart-counter-unstable changes it. */
  restartCounter: number;
  faults: readonly GgsnFault[];
  apns: Readonly<Record<string, ApnConfig>>;
  /** Hosts behind Gi, answered in-process (elements/internet); none = Gi leads nowhere. */
  internet?: InternetHosts;
  /** Seconds between the Echo Requests it sends on each path in use (TS 29.060 §7.2.1); none = it sends none. */
  echoIntervalS?: number;
  onError?: (err: unknown, from: RemoteInfo) => void;
  /** Where it reports what it did on its own (path failures, SGSN restarts). */
  log?: (line: string) => void;
  /** The AAA it sends RADIUS accounting to (TS 29.061 §16), if any. */
  accounting?: AccountingConfig;
}

/**
 * The GGSN stand-in on Gn (TS 29.060): Echo both ways, Create/Update/Delete PDP Context with
 * per-APN PDP type policy and pools, SGSN restart detection (TS 23.007 §18), the §7.6 response
 * cache, the user plane of the PGW (IPv6 first hop, IPv4 forwarding, UE-to-UE, Gi toward the
 * internet stand-in) and RADIUS accounting to an AAA when configured (TS 29.061 §16).
 */
export class Ggsn {
  private readonly server: UdpServer;
  private readonly faults: ReadonlySet<GgsnFault>;
  private readonly contexts: PdpContextTable;
  private readonly cache = new RetransmissionCache();
  private readonly procedures: GnProcedureContext;
  readonly paths: SgsnPaths;
  readonly userPlane: Ipv6FirstHop;
  readonly accounting?: AccountingClient;
  private bound?: { address: string; port: number };
  private userPlaneBound?: number;

  constructor(private readonly config: GgsnConfig) {
    this.faults = new Set(config.faults);
    this.server = new UdpServer((msg, from) => this.receive(msg, from), config.onError);
    this.accounting = config.accounting
      ? new AccountingClient(config.accounting, config.address, this.faults)
      : undefined;
    this.contexts = new PdpContextTable((event, pdn) =>
      this.accounting?.account(event === 'start' ? 'Start' : 'Stop', pdn),
    );
    this.procedures = {
      table: this.contexts,
      apns: config.apns,
      faults: this.faults,
      address: config.address,
      restartCounter: config.restartCounter & 0xff,
      admission: new WindowCounter(100, 10),
    };
    this.paths = new SgsnPaths({
      table: this.contexts,
      faults: this.faults,
      send: (bytes, to) => this.server.send(bytes, to),
      restartCounter: () => this.procedures.restartCounter,
      echoIntervalS: config.echoIntervalS,
      log: config.log,
    });
    const gi = config.internet
      ? new InternetStandin(config.internet, GI_ROUTER, {
          prefixes: [...new Set(Object.values(config.apns).flatMap((a) => (a.pref64 ? [a.pref64] : [])))],
        })
      : undefined;
    this.userPlane = new Ipv6FirstHop(
      config.address,
      (teid) => this.contexts.byDataTeid(teid),
      sharedFaults(this.faults, FIRST_HOP_FAULTS),
      config.onError,
      (a) => (this.faults.has('no-ms-to-ms') ? undefined : this.contexts.byAddress(a)),
      gi,
    );
  }

  get contextCount(): number {
    return this.contexts.count;
  }

  get restartCounter(): number {
    return this.procedures.restartCounter;
  }

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('GGSN stand-in is not started');
    return this.bound;
  }

  async start(): Promise<void> {
    this.bound = await this.server.listen(this.config.address, this.bound?.port ?? this.config.port ?? 0);
    try {
      await this.userPlane.start(this.userPlaneBound ?? this.config.userPlanePort ?? 0);
    } catch (err) {
      await this.server.close();
      throw err;
    }
    this.userPlaneBound = this.userPlane.endpoint.port;
    await this.accounting?.start();
    this.paths.start();
  }

  async stop(): Promise<void> {
    this.paths.stop();
    await Promise.all([this.server.close(), this.userPlane.stop(), this.accounting?.stop()]);
  }

  /** An operator restart: PDP contexts are lost and the restart counter goes up by one (TS 23.007 §18). */
  async restart(): Promise<void> {
    await this.stop();
    this.procedures.restartCounter = (this.procedures.restartCounter + 1) & 0xff;
    this.contexts.clear();
    this.cache.clear();
    this.paths.clear();
    await startAgainOnSamePorts(() => this.start());
  }

  private receive(msg: Buffer, from: RemoteInfo): void {
    // Whatever this message changes (an Echo Response may delete a restarted SGSN's contexts, once
    // its promise settles), the forwarding thread asks again.
    this.userPlane.controlPlaneChanged();
    let req: Gtpv1cMessage;
    try {
      req = decode(msg);
    } catch (err) {
      if (err instanceof DecodeError) this.config.onError?.(err, from);
      return;
    }
    if (!req.type.endsWith('-request')) {
      this.paths.response(req);
      return;
    }
    const to = { address: from.address, port: from.port };
    if (req.extensionHeaders?.length && this.faults.has('drop-extension-headers')) return;
    // §6.1: a control-plane extension header that must be comprehended and is not: the message is
    // discarded and the sender told which ones this node takes (§7.2.3).
    if (req.extensionHeaders?.some((h) => h.type === 'unknown' && (h.headerType & 0xc0) !== 0)) {
      this.server.send(
        encode({
          type: 'supported-extension-headers-notification',
          teid: 0,
          sequence: req.sequence,
          ies: [{ ie: 'extension-header-type-list', types: SUPPORTED_EXTENSION_HEADERS }],
        }),
        to,
      );
      return;
    }
    if (req.type === 'echo-request') {
      this.server.send(
        encode({
          type: 'echo-response',
          teid: 0,
          sequence: req.sequence,
          ies: [{ ie: 'recovery', restartCounter: this.procedures.restartCounter }],
        }),
        to,
      );
      if (this.faults.has('restart-counter-unstable'))
        this.procedures.restartCounter = (this.procedures.restartCounter + 1) & 0xff;
      return;
    }
    const path = `${from.address}|${from.port}`;
    // §7.6: the same request again gets the same answer; the stale-response-cache fault keys on the sequence number alone.
    const keyed = this.faults.has('stale-response-cache') ? NO_OCTETS : msg;
    const key = this.cache.key(from.address, from.port, req.sequence, keyed.length ? msg[1] : 0, keyed);
    const cached = this.cache.get(key, keyed);
    if (cached) {
      this.server.send(cached, to);
      return;
    }
    // TS 23.007 §18: a changed Recovery from this SGSN deletes its old contexts before anything new.
    const recovery = findIe(req, 'recovery');
    if (recovery) this.paths.noteRecovery(path, recovery.restartCounter);
    let res: Gtpv1cMessage | undefined;
    if (req.type === 'create-pdp-context-request') res = createPdpContext(this.procedures, req, to, path);
    else if (req.type === 'update-pdp-context-request') res = updatePdpContext(this.procedures, req, to, path);
    else if (req.type === 'delete-pdp-context-request') res = deletePdpContext(this.procedures, req);
    if (!res) return;
    const bytes = encode(res);
    this.cache.put(key, keyed, bytes);
    this.server.send(bytes, to);
  }
}
