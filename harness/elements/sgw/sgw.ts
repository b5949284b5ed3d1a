import type { RemoteInfo } from 'node:dgram';
import { decode, encode, GTPV2C_PORT, type Gtpv2cMessage } from '../../protocol/gtpv2c/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { UdpServer } from '../common/udp-server.ts';
import { RetransmissionCache } from '../common/retransmission-cache.ts';
import { SgwSessions } from './bearers.ts';
import type { SgwFault } from './faults.ts';
import { S5Requests, type Timers } from './s5-requests.ts';
import { S11Procedures } from './s11-procedures.ts';
import { SgwUserPlane } from './user-plane.ts';

/** The SGW's address on each interface; their families may differ (GTP over IPv4 or IPv6). */
export interface SgwAddresses {
  s11: string;
  s1u: string;
  /** S5/S8, control and user plane. */
  s5: string;
  /** An S5/S8 address of the other family, for PGWs reachable only over it (dual-stack SGW). */
  s5Alt?: string;
}

export interface SgwConfig {
  addresses: SgwAddresses;
  /** S11 GTP-C port; 0 = chosen at run time. */
  port?: number;
  userPlanePort?: number;
  restartCounter: number;
  faults: readonly SgwFault[];
  /** Ports of the PGWs this SGW may be sent to, by address (in-process labs; 2123/2152 otherwise). */
  pgwPorts?: (address: string) => { control: number; userPlane: number } | undefined;
  /** T3-RESPONSE/N3-REQUESTS toward the PGW (TS 29.274 §7.6). */
  timers?: Timers;
  onError?: (err: unknown, from: RemoteInfo) => void;
  /** Records the S5/S8 GTP-C it exchanges with PGWs (in-process: the scenario's pcap; no driver sees that leg). */
  recorder?: PacketRecorder;
}

/**
 * The SGW stand-in (TS 23.401 §4.4.3.3): S11 toward the MME, S5/S8 toward the PGW the MME names,
 * and the S1-U ⇄ S5/S8-U user plane, so S11 scenarios run end to end with the PGW stand-in (or a
 * real PGW) behind it. GTP-C toward the MME and toward PGWs uses one socket per role.
 */
export class Sgw {
  private readonly s11: UdpServer;
  private readonly s5Socket: UdpServer;
  private readonly s5AltSocket?: UdpServer;
  private readonly s5: S5Requests;
  private readonly sessions = new SgwSessions();
  private readonly cache = new RetransmissionCache();
  private readonly inFlight = new Set<string>();
  private readonly faults: ReadonlySet<SgwFault>;
  private readonly procedures: S11Procedures;
  readonly userPlane: SgwUserPlane;
  private bound?: { address: string; port: number };
  private counter: number;

  constructor(private readonly config: SgwConfig) {
    this.faults = new Set(config.faults);
    this.counter = config.restartCounter & 0xff;
    this.s11 = new UdpServer((msg, from) => this.receiveS11(msg, from), config.onError);
    this.s5Socket = new UdpServer((msg, from) => this.receiveS5(msg, from), config.onError, config.recorder);
    const alt = config.addresses.s5Alt;
    if (alt)
      this.s5AltSocket = new UdpServer((msg, from) => this.receiveS5(msg, from), config.onError, config.recorder);
    // Toward a PGW whose address is of the other family, the alternative S5/S8 address is used.
    const socketFor = (pgw: string) =>
      alt && this.s5AltSocket && pgw.includes(':') !== config.addresses.s5.includes(':')
        ? this.s5AltSocket
        : this.s5Socket;
    this.s5 = new S5Requests(socketFor, config.timers ?? { t3ResponseMs: 1000, n3Requests: 2 });
    const ports = (a: string) => config.pgwPorts?.(a);
    this.userPlane = new SgwUserPlane(
      config.addresses,
      (teid) => this.sessions.byUserPlaneTeid(teid),
      this.faults,
      (a) => ports(a)?.userPlane ?? 2152,
      config.onError,
    );
    this.procedures = new S11Procedures({
      sessions: this.sessions,
      s5: this.s5,
      userPlane: this.userPlane,
      faults: this.faults,
      restartCounter: () => this.counter,
      addresses: config.addresses,
      pgwControlPort: (a) => ports(a)?.control ?? GTPV2C_PORT,
    });
  }

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('SGW stand-in is not started');
    return this.bound;
  }

  get sessionCount(): number {
    return this.sessions.count;
  }

  async start(): Promise<void> {
    this.bound = await this.s11.listen(this.config.addresses.s11, this.config.port ?? 0);
    try {
      await this.s5Socket.listen(this.config.addresses.s5, 0);
      if (this.s5AltSocket && this.config.addresses.s5Alt)
        await this.s5AltSocket.listen(this.config.addresses.s5Alt, 0);
      await this.userPlane.start(this.config.userPlanePort ?? 0);
    } catch (err) {
      await Promise.all([this.s11.close(), this.s5Socket.close(), this.s5AltSocket?.close()]);
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.s5.clear();
    await Promise.all([this.s11.close(), this.s5Socket.close(), this.s5AltSocket?.close(), this.userPlane.stop()]);
  }

  private receiveS5(msg: Buffer, from: RemoteInfo): void {
    let m: Gtpv2cMessage;
    try {
      m = decode(msg);
    } catch (err) {
      if (err instanceof DecodeError) return this.config.onError?.(err, from);
      throw err;
    }
    if (m.type === 'echo-request') {
      this.s5Socket.send(
        encode({
          type: 'echo-response',
          sequence: m.sequence,
          ies: [{ ie: 'recovery', instance: 0, restartCounter: this.counter }],
        }),
        from,
      );
      return;
    }
    if (m.type.endsWith('-response')) this.s5.response(m);
  }

  private receiveS11(msg: Buffer, from: RemoteInfo): void {
    let req: Gtpv2cMessage;
    try {
      req = decode(msg);
    } catch (err) {
      if (err instanceof DecodeError) return this.config.onError?.(err, from);
      throw err;
    }
    const to = { address: from.address, port: from.port };
    if (req.type === 'echo-request') {
      this.s11.send(
        encode({
          type: 'echo-response',
          sequence: req.sequence,
          ies: [{ ie: 'recovery', instance: 0, restartCounter: this.counter }],
        }),
        to,
      );
      return;
    }
    if (!req.type.endsWith('-request') || this.faults.has('silent')) return;
    // TS 29.274 §7.6: a retransmitted request gets the first response again, once it exists.
    const request = Buffer.from(msg);
    const key = this.cache.key(from.address, from.port, req.sequence, msg[1], request);
    const cached = this.cache.get(key, request);
    if (cached) {
      this.s11.send(cached, to);
      return;
    }
    // A retransmission while the PGW is still being asked is not relayed twice.
    const asking = `${key.address}|${key.port}|${key.sequence}`;
    if (this.inFlight.has(asking)) return;
    this.inFlight.add(asking);
    void Promise.resolve(this.handle(req, to)).then(
      (res) => {
        this.inFlight.delete(asking);
        if (!res) return;
        const bytes = encode(res);
        this.cache.put(key, request, bytes);
        this.s11.send(bytes, to);
      },
      (err: unknown) => {
        this.inFlight.delete(asking);
        this.config.onError?.(err, from);
      },
    );
  }

  private handle(
    req: Gtpv2cMessage,
    from: { address: string; port: number },
  ): Promise<Gtpv2cMessage | undefined> | Gtpv2cMessage | undefined {
    switch (req.type) {
      case 'create-session-request':
        return this.procedures.createSession(req, from);
      case 'modify-bearer-request':
        return this.procedures.modifyBearer(req);
      case 'release-access-bearers-request':
        return this.procedures.releaseAccessBearers(req);
      case 'delete-session-request':
        return this.procedures.deleteSession(req);
      default:
        return undefined;
    }
  }
}
