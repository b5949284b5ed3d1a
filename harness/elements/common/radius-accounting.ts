import { createSocket, type Socket } from 'node:dgram';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { encodeRadius, type RadiusAttribute } from '../../protocol/radius/index.ts';
import type { FaultSet } from './fault-set.ts';

/** Framed-IPv6-Prefix and Delegated-IPv6-Prefix left out; no accounting sent at all. */
export type AccountingFault = 'accounting-no-ipv6-prefix' | 'no-accounting';

/**
 * One PDN connection (PGW) or PDP context (GGSN) as accounting sees it (TS 29.061 §16.4.3-§16.4.4,
 * §16.4.7): `id` is the gateway's own session number (Acct-Session-Id), unique while it lives.
 */
export interface AccountedPdn {
  id: number;
  imsi: string;
  msisdn?: string;
  apn: string;
  pdnType: 'ipv4' | 'ipv6' | 'ipv4v6';
  chargingId: number;
  /** The /64 (its first address, "2001:db8:100:1::"). */
  ipv6Prefix?: string;
  delegated?: { prefix: string; length: number };
  ipv4?: string;
}

export interface AccountingConfig {
  /** The AAA's RADIUS accounting endpoint (RFC 2866: port 1813). */
  address: string;
  port: number;
  secret: string;
  /** Records the Accounting-Requests and the AAA's answers (in-process: the scenario's pcap; no driver sees that leg). */
  recorder?: PacketRecorder;
}

/** RFC 2866 §2: the NAS retransmits an unanswered Accounting-Request; this many times, this far apart. */
const ATTEMPTS = 3;
const RETRY_MS = 1000;
const PDP_TYPE = { ipv4: 0, ipv6: 2, ipv4v6: 3 } as const;

/**
 * A gateway (PGW or GGSN) as RADIUS accounting client toward an AAA (TS 29.061 §16; RFC 2866): Accounting-Request
 * Start when a PDN connection is set up (TS 29.061 §16.4.3), Stop when it is released (§16.4.4),
 * each with Acct-Session-Id, User-Name (the IMSI: no user name comes in PCO from the harness's peers), Calling-
 * Station-Id (the MSISDN, where the SGW sent one), Called-Station-Id (the APN), NAS-IPv6-Address
 * or NAS-IP-Address, the UE's addresses — Framed-IPv6-Prefix (RFC 3162 §2.3: the /64),
 * Delegated-IPv6-Prefix (RFC 4818) where DHCPv6 may delegate one, Framed-IP-Address — and the 3GPP
 * vendor-specific 3GPP-IMSI, 3GPP-Charging-ID and 3GPP-PDP-Type (§16.4.7). The identities are the
 * ones the drivers sent, so the runner masks them in reports like any other. Faults:
 * `accounting-no-ipv6-prefix` leaves the IPv6 prefixes out, `no-accounting` sends nothing.
 */
export class AccountingClient {
  private socket?: Socket;
  private nextId = 0;
  /** Records a datagram: `from` the AAA, or (without `from`) sent to it. */
  private record: (msg: Buffer, from?: { address: string; port: number }) => void = () => {};
  private readonly pending = new Map<number, NodeJS.Timeout>();
  /** When each PDN connection's Start was sent, by PGW TEID (Acct-Session-Time in its Stop). */
  private readonly started = new Map<number, number>();
  readonly counters = { sent: 0, retransmitted: 0, answered: 0, unanswered: 0 };

  constructor(
    private readonly config: AccountingConfig,
    private readonly nasAddress: string,
    private readonly faults: FaultSet<AccountingFault>,
  ) {}

  async start(): Promise<void> {
    const s = createSocket(this.config.address.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(0, this.nasAddress.includes(':') === this.config.address.includes(':') ? this.nasAddress : undefined, () =>
        resolve(),
      );
    });
    const local = s.address();
    const aaa = { address: this.config.address, port: this.config.port };
    const recorder = this.config.recorder;
    if (recorder) this.record = (msg, from) => (from ? recorder.udp(from, local, msg) : recorder.udp(local, aaa, msg));
    s.on('message', (msg, from) => {
      this.record(msg, from);
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

  account(status: 'Start' | 'Stop', session: AccountedPdn): void {
    if (!this.socket || this.faults.has('no-accounting')) return;
    const v6 = this.nasAddress.includes(':');
    const attributes: RadiusAttribute[] = [
      ['Acct-Status-Type', status],
      ['Acct-Session-Id', `${session.id.toString(16).padStart(8, '0')}`],
      ['User-Name', session.imsi],
      ['Called-Station-Id', session.apn],
      v6 ? ['NAS-IPv6-Address', this.nasAddress] : ['NAS-IP-Address', this.nasAddress],
    ];
    if (session.msisdn) attributes.push(['Calling-Station-Id', session.msisdn]);
    if (session.ipv6Prefix && !this.faults.has('accounting-no-ipv6-prefix')) {
      attributes.push(['Framed-IPv6-Prefix', `${session.ipv6Prefix}/64`]);
      if (session.delegated)
        attributes.push(['Delegated-IPv6-Prefix', `${session.delegated.prefix}/${session.delegated.length}`]);
    }
    if (session.ipv4) attributes.push(['Framed-IP-Address', session.ipv4]);
    if (status === 'Start') this.started.set(session.id, Date.now());
    else {
      const since = this.started.get(session.id);
      this.started.delete(session.id);
      // RFC 2866 §5.7, §5.10: whole seconds; 1 = User Request (the SGW's Delete Session).
      attributes.push(
        ['Acct-Session-Time', since === undefined ? 0 : Math.floor((Date.now() - since) / 1000)],
        ['Acct-Terminate-Cause', 'User-Request'],
      );
    }
    // TS 29.061 §16.4.7 sub-attributes 1, 2 and 3 (PDP type: 0 IPv4, 2 IPv6, 3 IPv4v6).
    attributes.push([
      'Vendor-Specific',
      10415,
      [
        ['3GPP-IMSI', session.imsi],
        ['3GPP-Charging-ID', session.chargingId],
        ['3GPP-PDP-Type', PDP_TYPE[session.pdnType]],
      ],
    ]);
    const id = this.nextId;
    this.nextId = (this.nextId + 1) & 0xff;
    const packet = encodeRadius({ code: 'Accounting-Request', identifier: id, secret: this.config.secret, attributes });
    let attempt = 0;
    const send = () => {
      if (attempt > 0) this.counters.retransmitted++;
      else this.counters.sent++;
      if (this.socket) this.record(packet);
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
