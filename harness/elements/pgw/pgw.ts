import type { RemoteInfo } from 'node:dgram';
import { decode, encode, GTPV2C_PORT, type Gtpv2cMessage } from '../../protocol/gtpv2c/index.ts';
import { DecodeError } from '../../protocol/common/decode-error.ts';
import { UdpServer } from '../common/udp-server.ts';
import type { PgwFault } from './faults.ts';
import { answerEcho } from './path-management.ts';

export interface PgwConfig {
  /** Address to bind S5/S8 GTP-C on (::1 or 127.0.0.1 in the in-process lab). */
  address: string;
  /** 0 = chosen at run time. */
  port?: number;
  restartCounter: number;
  faults: readonly PgwFault[];
  /** Where the element reports what it could not handle (malformed input from a peer). */
  onError?: (err: unknown, from: RemoteInfo) => void;
}

/**
 * The PGW stand-in (S5/S8 GTPv2-C, TS 29.274). This first cut answers path management;
 * session handling (Create/Modify/Delete Session, user plane) grows here.
 */
export class Pgw {
  private readonly server: UdpServer;
  private readonly faults: ReadonlySet<PgwFault>;
  private counter: number;
  private bound?: { address: string; port: number };

  constructor(private readonly config: PgwConfig) {
    this.faults = new Set(config.faults);
    this.counter = config.restartCounter & 0xff;
    this.server = new UdpServer((msg, from) => this.receive(msg, from), config.onError);
  }

  get restartCounter(): number {
    return this.counter;
  }

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('PGW stand-in is not started');
    return this.bound;
  }

  async start(): Promise<void> {
    this.bound = await this.server.listen(this.config.address, this.bound?.port ?? this.config.port ?? 0);
  }

  async stop(): Promise<void> {
    await this.server.close();
  }

  /** An operator restart: sessions are lost and the restart counter goes up by one (TS 23.007 §18). */
  async restart(): Promise<void> {
    await this.stop();
    if (!this.faults.has('restart-counter-stuck')) this.counter = (this.counter + 1) & 0xff;
    await this.start();
  }

  private receive(msg: Buffer, from: RemoteInfo): void {
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
    const response = this.handle(req);
    if (response) this.server.send(encode(response), { address: from.address, port: from.port });
  }

  private handle(req: Gtpv2cMessage): Gtpv2cMessage | undefined {
    switch (req.type) {
      case 'echo-request': {
        const res = answerEcho(req, this.counter, this.faults);
        if (this.faults.has('restart-counter-unstable')) this.counter = (this.counter + 1) & 0xff;
        return res;
      }
      default:
        return undefined;
    }
  }
}

export { GTPV2C_PORT };
