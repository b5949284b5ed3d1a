import type { RemoteInfo } from 'node:dgram';
import { decode, encode, GTPV2C_PORT, type Gtpv2cMessage } from '../../protocol/gtpv2c/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { UdpServer } from '../common/udp-server.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import type { PgwFault } from './faults.ts';
import { answerEcho } from './path-management.ts';
import { RetransmissionCache } from '../common/retransmission-cache.ts';
import { SessionTable } from './sessions.ts';
import { Ipv6FirstHop } from '../common/ipv6-first-hop.ts';
import { InternetStandin, type InternetHosts } from '../internet/index.ts';
import { SGI_DEVICE, TunSgi } from './sgi-tun.ts';
import { AccountingClient, type AccountingConfig } from '../common/radius-accounting.ts';
import { startAgainOnSamePorts } from '../common/restart-rebind.ts';

/** The next router on the SGi side, source of its ICMPv6 errors (documentation prefix). */
const SGI_ROUTER = '2001:db8:ffff::fffe';

export interface PgwConfig {
  /** Address to bind S5/S8 GTP-C on (::1 or 127.0.0.1 in the in-process lab). */
  address: string;
  /** 0 = chosen at run time. */
  port?: number;
  restartCounter: number;
  faults: readonly PgwFault[];
  /** Per-APN policy, pools, DNS and MTU. */
  apns: Readonly<Record<string, ApnConfig>>;
  /** Port for the S5/S8-U user plane (2152 in a real network; 0 = chosen at run time). */
  userPlanePort?: number;
  /** Hosts behind SGi, answered in-process (elements/internet); none = SGi leads nowhere. */
  internet?: InternetHosts;
  /** SGi as a real TUN interface (container lab) instead of the in-process internet. */
  sgiTun?: boolean;
  /** Where the element reports what it could not handle (malformed input from a peer). */
  onError?: (err: unknown, from: RemoteInfo) => void;
  /** The AAA it sends RADIUS accounting to (TS 29.061 §16), if any. */
  accounting?: AccountingConfig;
}

/**
 * The PGW stand-in (S5/S8 GTPv2-C, TS 29.274): path management, Create and Delete Session with
 * per-APN PDN type policy, address pools and PCO, and the §7.6 retransmission cache. The user
 * plane grows here next.
 */
export class Pgw {
  private readonly server: UdpServer;
  private readonly faults: ReadonlySet<PgwFault>;
  private counter: number;
  private bound?: { address: string; port: number };
  private readonly sessions: SessionTable;
  private readonly cache = new RetransmissionCache();
  readonly userPlane: Ipv6FirstHop;
  private readonly tun?: TunSgi;
  readonly accounting?: AccountingClient;

  constructor(private readonly config: PgwConfig) {
    this.faults = new Set(config.faults);
    this.counter = config.restartCounter & 0xff;
    this.server = new UdpServer((msg, from) => this.receive(msg, from), config.onError);
    this.accounting = config.accounting
      ? new AccountingClient(config.accounting, config.address, this.faults)
      : undefined;
    this.sessions = new SessionTable(config.apns, this.faults, config.address, (event, s) =>
      this.accounting?.account(event === 'start' ? 'Start' : 'Stop', { ...s, id: s.pgwTeid }),
    );
    this.tun = config.sgiTun
      ? new TunSgi(tunPools(config.apns), SGI_DEVICE, !this.faults.has('open-sgi-input'))
      : undefined;
    const sgi =
      this.tun ??
      (config.internet
        ? new InternetStandin(config.internet, SGI_ROUTER, {
            prefixes: [...new Set(Object.values(config.apns).flatMap((a) => (a.pref64 ? [a.pref64] : [])))],
            faults: this.faults,
          })
        : undefined);
    this.userPlane = new Ipv6FirstHop(
      config.address,
      (teid) => this.sessions.byUserPlaneTeid(teid),
      this.faults,
      config.onError,
      (a) => this.sessions.byAddress(a),
      sgi,
    );
  }

  get sessionCount(): number {
    return this.sessions.count;
  }

  get restartCounter(): number {
    return this.counter;
  }

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('PGW stand-in is not started');
    return this.bound;
  }

  async start(): Promise<void> {
    if (this.tun && !this.tunStarted) {
      this.tun.onPacket = (raw) => this.userPlane.fromSgi(raw);
      await this.tun.start();
      this.tunStarted = true;
    }
    this.bound = await this.server.listen(this.config.address, this.bound?.port ?? this.config.port ?? 0);
    try {
      await this.userPlane.start(this.userPlaneBound ?? this.config.userPlanePort ?? 0);
    } catch (err) {
      await this.server.close();
      throw err;
    }
    this.userPlaneBound = this.userPlane.endpoint.port;
    await this.accounting?.start();
  }

  private userPlaneBound?: number;
  private tunStarted = false;

  async stop(): Promise<void> {
    await Promise.all([this.server.close(), this.userPlane.stop(), this.accounting?.stop()]);
  }

  /** An operator restart: sessions are lost and the restart counter goes up by one (TS 23.007 §18). */
  async restart(): Promise<void> {
    await this.stop();
    if (!this.faults.has('restart-counter-stuck')) this.counter = (this.counter + 1) & 0xff;
    this.sessions.clear();
    this.cache.clear();
    this.peerCounters.clear();
    await startAgainOnSamePorts(() => this.start());
  }

  private receive(msg: Buffer, from: RemoteInfo): void {
    // Whatever this message changes, the forwarding thread asks again.
    this.userPlane.controlPlaneChanged();
    let req: Gtpv2cMessage;
    try {
      req = decode(msg);
    } catch (err) {
      if (err instanceof DecodeError) {
        this.config.onError?.(err, from);
        return;
      }
      throw err;
    }
    if (this.faults.has('fragile-parser')) {
      const unknown = req.ies.find((ie) => ie.ie === 'unknown');
      if (unknown && unknown.ie === 'unknown') throw new TypeError(`cannot read properties of IE type ${unknown.type}`);
    }
    this.notePeerRecovery(req, from);
    const key = this.cache.key(from.address, from.port, req.sequence, msg[1], msg);
    const cached = req.type.endsWith('-request') ? this.cache.get(key, msg) : undefined;
    if (cached) {
      this.server.send(cached, { address: from.address, port: from.port });
      return;
    }
    const response = this.handle(req, `${from.address}|${from.port}`);
    if (!response) return;
    let bytes = encode(response);
    // The Recovery IE's length field says 2 octets, but only 1 follows (TS 29.274 §8.5 is 1 octet).
    if (response.type === 'echo-response' && this.faults.has('echo-malformed'))
      bytes = Buffer.from([...bytes.subarray(0, 8), 3, 0, 2, 0, 1]);
    if (response.type === 'echo-response' && this.faults.has('echo-flood')) this.flood(from, req.sequence);
    if (req.type !== 'echo-request') this.cache.put(key, msg, bytes);
    if (req.type !== 'echo-request' && this.faults.has('slow-sessions')) {
      setTimeout(() => this.server.send(bytes, { address: from.address, port: from.port }), SLOW_SESSIONS_MS).unref();
      return;
    }
    this.server.send(bytes, { address: from.address, port: from.port });
  }

  /** The echo-flood fault: garbage and Echo Responses with other sequence numbers (TS 29.274 §7.6). */
  private flood(to: RemoteInfo, sequence: number): void {
    for (let i = 0; i < 5000; i++) {
      const junk =
        i % 2
          ? Buffer.from([0x48, 0xff, 0, 4, i & 0xff, 0, 0, 0])
          : encode({
              type: 'echo-response',
              sequence: (sequence + 1 + i) & 0xffffff,
              ies: [{ ie: 'recovery', instance: 0, restartCounter: this.counter }],
            });
      this.server.send(junk, { address: to.address, port: to.port });
    }
  }

  /**
   * TS 23.007 §18: a peer's Recovery IE (§7.1 Echo, or any request carrying it) with another
   * restart counter than before means the peer restarted; its PDN connections are released.
   * Peers are told apart by address and port (in-process SGWs share loopback).
   */
  private notePeerRecovery(m: Gtpv2cMessage, from: RemoteInfo): void {
    const rc = m.ies.find((ie) => ie.ie === 'recovery');
    if (rc?.ie !== 'recovery') return;
    const peer = `${from.address}|${from.port}`;
    const before = this.peerCounters.get(peer);
    this.peerCounters.set(peer, rc.restartCounter);
    if (before !== undefined && before !== rc.restartCounter && !this.faults.has('ignore-peer-restart'))
      this.sessions.deletePeer(peer);
  }

  private readonly peerCounters = new Map<string, number>();

  private handle(req: Gtpv2cMessage, peer: string): Gtpv2cMessage | undefined {
    switch (req.type) {
      case 'echo-request': {
        const res = answerEcho(req, this.counter, this.faults);
        if (this.faults.has('restart-counter-unstable')) this.counter = (this.counter + 1) & 0xff;
        return res;
      }
      case 'create-session-request':
        return this.faults.has('silent-sessions') ? undefined : this.sessions.createSession(req, this.counter, peer);
      case 'delete-session-request':
        return this.faults.has('silent-sessions') ? undefined : this.sessions.deleteSession(req);
      default:
        return undefined;
    }
  }
}

/** How late the slow-sessions fault answers (below the drivers' T3-RESPONSE of 1 s). */
const SLOW_SESSIONS_MS = 250;

export { GTPV2C_PORT };

/** What a kernel SGi routes to the stand-in: every APN's IPv6 pool, the IPv4 pools of APNs that grant IPv4. */
export function tunPools(apns: PgwConfig['apns']): { ipv6: string[]; ipv4: string[] } {
  const all = Object.values(apns);
  return { ipv6: all.map((a) => a.ipv6Pool), ipv4: all.filter((a) => a.pdnTypes !== 'ipv6').map((a) => a.ipv4Pool) };
}
