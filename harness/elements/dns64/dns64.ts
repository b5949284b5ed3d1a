import { createSocket, type Socket } from 'node:dgram';
import { Address6 } from 'ip-address';
import type { Answer } from 'dns-packet';
import { decodeDns, encodeDns, extract, synthesize, type DnsPacket } from '../../protocol/dns/index.ts';
import type { Dns64Fault } from './faults.ts';
import { A_TTL, NEGATIVE_TTL, recordsOf, zoneData, type Dns64Names, type ZoneData } from './records.ts';

/**
 * A DNS64 recursive resolver stand-in (RFC 6147) with its own authoritative data (records.ts):
 * real AAAA records are returned as they are, except IPv4-mapped ones (§5.1.4 exclusion set);
 * otherwise one AAAA per A under Pref64::/n (§5.1.6, RFC 6052 §2.2) with TTL min(A, negative)
 * (§5.1.7); NXDOMAIN passes through (§5.1.2); no synthesis when the client sets CD and DO
 * (§5.5); PTR under the prefix answered from the embedded IPv4 address (§5.3.1). Unknown names
 * outside its data get SERVFAIL, as a resolver cut off from the internet would.
 */
export interface Dns64Options {
  address: string;
  port?: number;
  prefix: string;
  names: Dns64Names;
  faults?: Dns64Fault[];
  onError?: (e: unknown) => void;
}

const CD = 1 << 4;
const RD = 1 << 8;
const RA = 1 << 7;
const QR = 1 << 15;

export class Dns64 {
  private socket?: Socket;
  private readonly zone: ZoneData;
  private readonly prefix: string;
  endpoint = { address: '', port: 0 };

  constructor(private readonly opts: Dns64Options) {
    this.zone = zoneData(opts.names);
    this.prefix = opts.faults?.includes('well-known-prefix') ? '64:ff9b::/96' : opts.prefix;
  }

  private has(f: Dns64Fault): boolean {
    return this.opts.faults?.includes(f) ?? false;
  }

  async start(): Promise<void> {
    const v6 = this.opts.address.includes(':');
    const s = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
    this.socket = s;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(this.opts.port ?? 0, this.opts.address, () => resolve());
    });
    s.on('error', (e) => this.opts.onError?.(e));
    s.on('message', (msg, rinfo) => {
      if (this.has('silent') || (this.has('query-rate-limit') && !this.withinRateLimit())) return;
      try {
        const q = decodeDns(msg);
        if (this.has('isolated-slow') && this.outsideLab(q)) return;
        const answer = this.answer(q);
        if (answer) s.send(encodeDns(answer), rinfo.port, rinfo.address);
      } catch (e) {
        this.opts.onError?.(e);
      }
    });
    const a = s.address();
    this.endpoint = { address: a.address, port: a.port };
  }

  private answer(q: DnsPacket): DnsPacket | undefined {
    const question = q.questions?.[0];
    if (!question || q.type === 'response') return undefined;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    // RD and CD are copied from the query (RFC 1035 §4.1.1, RFC 4035 §3.2.2).
    const reply = (rcode: number, answers: Answer[]): DnsPacket => ({
      type: 'response',
      id: q.id,
      flags: QR | RA | ((q.flags ?? 0) & (CD | RD)) | rcode,
      questions: q.questions,
      answers,
      authorities: answers.length === 0 && rcode !== 2 ? [this.soa()] : [],
    });
    const inZone = name === this.zone.origin || name.endsWith(`.${this.zone.origin}`);
    const records = recordsOf(this.zone, name);
    const dnssecOk = (q.additionals ?? []).some(
      (r) => r.type === 'OPT' && ((r as { flags?: number }).flags ?? 0) & 0x8000,
    );
    const cd = ((q.flags ?? 0) & CD) !== 0;
    if (this.has('isolated') && this.outsideLab(q)) return reply(2, []);
    switch (question.type) {
      case 'SOA':
        if (name === this.zone.origin) return reply(0, [this.soa()]);
        break;
      case 'A':
        if (records)
          return reply(
            0,
            records.a.map((data) => ({ type: 'A', name: question.name, ttl: A_TTL, data })),
          );
        break;
      case 'AAAA': {
        if (!records) break;
        const real = records.aaaa.filter((a) => this.has('no-exclusion') || !a.toLowerCase().startsWith('::ffff:'));
        if (real.length && !this.has('synthall'))
          return reply(
            0,
            real.map((data) => ({ type: 'AAAA', name: question.name, ttl: A_TTL, data })),
          );
        if (this.has('no-synthesis')) return reply(0, []);
        // RFC 6147 §5.5 (3): with CD and DO the client validates and synthesizes itself.
        if (cd && dnssecOk && !this.has('ignore-cd'))
          return reply(
            0,
            real.map((data) => ({ type: 'AAAA', name: question.name, ttl: A_TTL, data })),
          );
        const ttl = this.has('a-ttl') ? A_TTL : Math.min(A_TTL, NEGATIVE_TTL);
        const synthesized = records.a.map((a) => ({
          type: 'AAAA' as const,
          name: question.name,
          ttl,
          data: new Address6(synthesize(this.prefix, a)).correctForm(),
        }));
        return reply(0, [
          ...(this.has('synthall')
            ? real.map((data) => ({ type: 'AAAA' as const, name: question.name, ttl: A_TTL, data }))
            : []),
          ...synthesized,
        ]);
      }
      case 'PTR': {
        const v4 = this.embeddedIpv4(name);
        const target = v4
          ? this.zone.byName.get(`${v4.split('.').reverse().join('.')}.in-addr.arpa`)?.ptr
          : records?.ptr;
        if (target) return reply(0, [{ type: 'PTR', name: question.name, ttl: A_TTL, data: target }]);
        if (v4) return reply(3, []);
        break;
      }
    }
    if (records) return reply(0, []);
    if (inZone)
      return this.has('nxdomain-redirect') && question.type === 'A'
        ? reply(0, [{ type: 'A', name: question.name, ttl: A_TTL, data: '192.0.2.80' }])
        : this.has('nxdomain-redirect')
          ? reply(0, [{ type: 'AAAA', name: question.name, ttl: A_TTL, data: '2001:db8:80::80' }])
          : reply(3, []);
    return reply(2, []);
  }

  /** Faults isolated, isolated-slow: a name under .arpa, which a resolver looks up outside the lab's zone. */
  private outsideLab(q: DnsPacket): boolean {
    const name = (q.questions?.[0]?.name ?? '').toLowerCase().replace(/\.$/, '');
    return name === 'arpa' || name.endsWith('.arpa');
  }

  /** The IPv4 address embedded in an ip6.arpa name under the prefix, if it is one (RFC 6147 §5.3.1). */
  private embeddedIpv4(name: string): string | undefined {
    if (!name.endsWith('.ip6.arpa')) return undefined;
    const nibbles = name.slice(0, -'.ip6.arpa'.length).split('.').reverse();
    if (nibbles.length !== 32) return undefined;
    const groups = Array.from({ length: 8 }, (_, i) => nibbles.slice(i * 4, i * 4 + 4).join(''));
    return extract(this.prefix, groups.join(':'));
  }

  private soa(): Answer {
    const origin = this.zone.origin;
    return {
      type: 'SOA',
      name: origin,
      ttl: NEGATIVE_TTL,
      data: {
        mname: `ns.${origin}`,
        rname: `hostmaster.${origin}`,
        serial: 1,
        refresh: 3600,
        retry: 600,
        expire: 86400,
        minimum: NEGATIVE_TTL,
      },
    };
  }

  private window = { second: 0, answered: 0 };

  /** Fault query-rate-limit: 100 answers in each wall-clock second. */
  private withinRateLimit(): boolean {
    const second = Math.floor(performance.now() / 1000);
    if (second !== this.window.second) this.window = { second, answered: 0 };
    return this.window.answered++ < 100;
  }

  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
