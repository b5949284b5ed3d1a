import { createSocket, type Socket } from 'node:dgram';
import { encodeRadius, type RadiusAttribute } from '../../protocol/radius/index.ts';
import type { Session } from './sessions.ts';

export interface AccountingConfig {
  /** The AAA's RADIUS accounting endpoint (RFC 2866: port 1813). */
  address: string;
  port: number;
  secret: string;
}

/** RFC 2866 §2: the NAS retransmits an unanswered Accounting-Request; this many times, this far apart. */
const ATTEMPTS = 3;
const RETRY_MS = 1000;

/**
 * The PGW as RADIUS accounting client toward an AAA (TS 29.061 §16; RFC 2866): Accounting-Request
 * Start when a PDN connection is set up, Stop when it is released, each with Acct-Session-Id,
 * Called-Station-Id (the APN, TS 29.061 §16.4.7), NAS-IPv6-Address or NAS-IP-Address, and the UE's
 * addresses — Framed-IPv6-Prefix (RFC 3162 §2.3: the /64), Delegated-IPv6-Prefix (RFC 4818) where
 * DHCPv6 may delegate one, Framed-IP-Address. No identity (IMSI, MSISDN) is sent: the harness
 * keeps identities out of its own traffic's reports. Fault `accounting-no-ipv6-prefix` leaves the
 * IPv6 prefixes out.
 */
export class AccountingClient {
  private socket?: Socket;
  private nextId = 0;
  private readonly pending = new Map<number, NodeJS.Timeout>();
  readonly counters = { sent: 0, retransmitted: 0, answered: 0, unanswered: 0 };

  constructor(
    private readonly config: AccountingConfig,
    private readonly nasAddress: string,
    private readonly faults: ReadonlySet<string>,
  ) {}

  async start(): Promise<void> {
    const s = createSocket(this.config.address.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(0, this.nasAddress.includes(':') === this.config.address.includes(':') ? this.nasAddress : undefined, () => resolve());
    });
    s.on('message', (msg) => {
      if (msg.length < 20 || msg[0] !== 5) return; // Accounting-Response
      const timer = this.pending.get(msg[1]);
      if (!timer) return;
      clearTimeout(timer);
      this.pending.delete(msg[1]);
      this.counters.answered++;
    });
    s.on('error', () => {});
    this.socket = s;
  }

  account(status: 'Start' | 'Stop', session: Session): void {
    if (!this.socket) return;
    const v6 = this.nasAddress.includes(':');
    const attributes: RadiusAttribute[] = [
      ['Acct-Status-Type', status],
      ['Acct-Session-Id', `${session.pgwTeid.toString(16).padStart(8, '0')}`],
      ['Called-Station-Id', session.apn],
      v6 ? ['NAS-IPv6-Address', this.nasAddress] : ['NAS-IP-Address', this.nasAddress],
    ];
    if (session.ipv6Prefix && !this.faults.has('accounting-no-ipv6-prefix')) {
      attributes.push(['Framed-IPv6-Prefix', `${session.ipv6Prefix}/64`]);
      if (session.delegated) attributes.push(['Delegated-IPv6-Prefix', `${session.delegated.prefix}/${session.delegated.length}`]);
    }
    if (session.ipv4) attributes.push(['Framed-IP-Address', session.ipv4]);
    const id = this.nextId;
    this.nextId = (this.nextId + 1) & 0xff;
    const packet = encodeRadius({ code: 'Accounting-Request', identifier: id, secret: this.config.secret, attributes });
    let attempt = 0;
    const send = () => {
      if (attempt > 0) this.counters.retransmitted++;
      else this.counters.sent++;
      this.socket?.send(packet, this.config.port, this.config.address);
      attempt++;
      const timer = setTimeout(() => {
        if (attempt < ATTEMPTS) send();
        else {
          this.pending.delete(id);
          this.counters.unanswered++;
        }
      }, RETRY_MS);
      timer.unref();
      this.pending.set(id, timer);
    };
    send();
  }

  async stop(): Promise<void> {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
