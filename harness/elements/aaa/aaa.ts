import type { RemoteInfo } from 'node:dgram';
import {
  decodeRadius,
  encodeRadius,
  requestAuthenticatorValid,
  type RadiusPacket,
  type AccountingRecord,
  accountingRecord,
} from '../../protocol/radius/index.ts';

export { requestAuthenticatorValid };
import { UdpServer } from '../common/udp-server.ts';

export const AAA_FAULTS = [
  /** Never answers Accounting-Request (the gateway must retransmit, RFC 2866 §2). */
  'silent',
  /** Answers at most 200 Accounting-Requests a second and drops the rest, as an overloaded AAA does. */
  'transaction-rate-limit',
  /** Takes and answers requests whatever their Request Authenticator (RFC 2866 §3 says discard). */
  'no-authenticator-check',
  /** Throws on a Framed-IPv6-Prefix that is not a /64 (a handler that assumes one: a bug for the fuzz campaign to find). */
  'fragile-parser',
] as const;

/** `transaction-rate-limit`: a token bucket of this rate and depth. */
const LIMITED_RATE = 200;
const LIMITED_BURST = 20;
export type AaaFault = (typeof AAA_FAULTS)[number];
export const isAaaFault = (f: string): f is AaaFault => (AAA_FAULTS as readonly string[]).includes(f);

export interface AaaConfig {
  address: string;
  /** 0 = chosen at run time. */
  port: number;
  secret: string;
  faults: readonly AaaFault[];
  onError?: (err: unknown, from: RemoteInfo) => void;
}

/**
 * The AAA stand-in on the gateway's RADIUS accounting interface (TS 29.061 §16, RFC 2866): it
 * takes Accounting-Request only when its Request Authenticator is right for the shared secret
 * (RFC 2866 §3: MD5 over the packet with a zero authenticator, then the secret; a wrong one is
 * silently discarded), answers Accounting-Response with the Response Authenticator (§4.2), and
 * keeps each record for the scenarios to read (bounded).
 */
export class AaaStandin {
  private readonly server: UdpServer;
  private readonly faults: ReadonlySet<AaaFault>;
  readonly records: AccountingRecord[] = [];
  readonly counters = { received: 0, badAuthenticator: 0, answered: 0 };
  private bound?: { address: string; port: number };
  private tokens = LIMITED_BURST;
  private refilledAt = performance.now();

  constructor(private readonly config: AaaConfig) {
    this.faults = new Set(config.faults);
    this.server = new UdpServer((msg, from) => this.receive(msg, from), config.onError);
  }

  async start(): Promise<void> {
    this.bound = await this.server.listen(this.config.address, this.config.port);
  }

  get endpoint(): { address: string; port: number } {
    if (!this.bound) throw new Error('AAA stand-in is not started');
    return this.bound;
  }

  stop(): Promise<void> {
    return this.server.close();
  }

  private receive(msg: Buffer, from: RemoteInfo): void {
    this.counters.received++;
    if (msg.length < 20 || msg[0] !== 4) return; // Accounting-Request only
    if (this.faults.has('transaction-rate-limit') && !this.takeToken()) return;
    if (!this.faults.has('no-authenticator-check') && !requestAuthenticatorValid(msg, this.config.secret)) {
      this.counters.badAuthenticator++;
      return;
    }
    let p: RadiusPacket;
    try {
      p = decodeRadius(msg, this.config.secret, { verify: !this.faults.has('no-authenticator-check') });
    } catch (e) {
      this.config.onError?.(e, from);
      return;
    }
    if (this.faults.has('fragile-parser')) {
      const length = Number(String(p.attributes['Framed-IPv6-Prefix'] ?? '/64').split('/')[1]);
      if (length !== 64)
        throw new TypeError(`cannot read properties of interface identifier (prefix length ${length})`);
    }
    if (this.records.length < 10_000) this.records.push(accountingRecord(p.attributes, from.address));
    if (this.faults.has('silent')) return;
    this.counters.answered++;
    this.server.send(
      encodeRadius({ code: 'Accounting-Response', secret: this.config.secret, request: msg, attributes: [] }),
      from,
    );
  }

  private takeToken(): boolean {
    const now = performance.now();
    this.tokens = Math.min(LIMITED_BURST, this.tokens + ((now - this.refilledAt) * LIMITED_RATE) / 1000);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}
