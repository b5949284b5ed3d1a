import type { RemoteInfo } from 'node:dgram';
import { decode, encode, type Gtpv1cMessage } from '../../protocol/gtpv1c/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { FIRST_HOP_FAULTS, Ipv6FirstHop } from '../common/ipv6-first-hop.ts';
import { sharedFaults } from '../common/fault-set.ts';
import { RetransmissionCache } from '../common/retransmission-cache.ts';
import { UdpServer } from '../common/udp-server.ts';
import type { GgsnFault } from './faults.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import { PdpContextTable } from './pdp-contexts.ts';
import { AccountingClient, type AccountingConfig } from '../common/radius-accounting.ts';

export interface GgsnConfig {
  address: string;
  port?: number;
  userPlanePort?: number;
  /** Recovery (TS 29.060 §7.7.11); the fault restart-counter-unstable changes it. */
  restartCounter: number;
  faults: readonly GgsnFault[];
  apns: Readonly<Record<string, ApnConfig>>;
  onError?: (err: unknown, from: RemoteInfo) => void;
  /** The AAA it sends RADIUS accounting to (TS 29.061 §16), if any. */
  accounting?: AccountingConfig;
}

/**
 * The GGSN stand-in on Gn (TS 29.060): Echo, Create/Delete PDP Context with per-APN PDP type
 * policy and pools, the retransmission cache, the same IPv6 first-hop user plane as the PGW, and
 * RADIUS accounting to an AAA when configured (TS 29.061 §16).
 */
export class Ggsn {
  private readonly server: UdpServer;
  private readonly faults: ReadonlySet<GgsnFault>;
  private readonly contexts: PdpContextTable;
  private readonly cache = new RetransmissionCache();
  readonly userPlane: Ipv6FirstHop;
  readonly accounting?: AccountingClient;
  private bound?: { address: string; port: number };

  constructor(private readonly config: GgsnConfig) {
    this.faults = new Set(config.faults);
    this.server = new UdpServer((msg, from) => this.receive(msg, from), config.onError);
    this.accounting = config.accounting
      ? new AccountingClient(config.accounting, config.address, this.faults)
      : undefined;
    this.contexts = new PdpContextTable(config.apns, this.faults, config.address, (event, pdn) =>
      this.accounting?.account(event === 'start' ? 'Start' : 'Stop', pdn),
    );
    this.userPlane = new Ipv6FirstHop(
      config.address,
      (teid) => this.contexts.byDataTeid(teid),
      sharedFaults(this.faults, FIRST_HOP_FAULTS),
      config.onError,
    );
  }

  get contextCount(): number {
    return this.contexts.count;
  }

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('GGSN stand-in is not started');
    return this.bound;
  }

  async start(): Promise<void> {
    this.bound = await this.server.listen(this.config.address, this.config.port ?? 0);
    try {
      await this.userPlane.start(this.config.userPlanePort ?? 0);
    } catch (err) {
      await this.server.close();
      throw err;
    }
    await this.accounting?.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.server.close(), this.userPlane.stop(), this.accounting?.stop()]);
  }

  private receive(msg: Buffer, from: RemoteInfo): void {
    let req: Gtpv1cMessage;
    try {
      req = decode(msg);
    } catch (err) {
      if (err instanceof DecodeError) this.config.onError?.(err, from);
      return;
    }
    const key = this.cache.key(from.address, from.port, req.sequence);
    const cached = this.cache.get(key);
    if (cached) {
      this.server.send(cached, from);
      return;
    }
    let res: Gtpv1cMessage | undefined;
    if (req.type === 'echo-request') {
      res = {
        type: 'echo-response',
        teid: 0,
        sequence: req.sequence,
        ies: [{ ie: 'recovery', restartCounter: this.config.restartCounter }],
      };
      if (this.faults.has('restart-counter-unstable'))
        this.config.restartCounter = (this.config.restartCounter + 1) & 0xff;
    } else if (req.type === 'create-pdp-context-request') res = this.contexts.create(req, this.config.restartCounter);
    else if (req.type === 'delete-pdp-context-request') res = this.contexts.delete(req);
    if (!res) return;
    const bytes = encode(res);
    if (req.type !== 'echo-request') this.cache.put(key, bytes);
    this.server.send(bytes, from);
  }
}
