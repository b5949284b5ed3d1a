import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import { decodeDns, encodeDns, type DnsPacket } from '../../protocol/dns/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { UdpPeer, type Endpoint } from '../common/udp-peer.ts';

/**
 * A stub resolver (RFC 1035 §7, RFC 1123 §6.1.3.1) asking one DNS server over UDP from whichever
 * family the server's address is: a UE behind a DNS64, or an ISP customer behind an AAAA filter.
 * A query is sent up to `attempts` times, `timeoutMs` apart, with a fresh random ID (RFC 5452 §9.2);
 * answers with another ID or question are ignored, as a stub would.
 */
export interface QueryOptions {
  /** EDNS0 DO bit (RFC 3225): the client wants DNSSEC records. */
  dnssecOk?: boolean;
  /** CD bit (RFC 4035 §3.2.2): the client validates itself. */
  checkingDisabled?: boolean;
}

export type DnsOutcome =
  | { kind: 'answer'; message: DnsPacket; rttMs: number; attempts: number; from: string }
  | { kind: 'timeout'; attempts: number }
  | { kind: 'malformed'; error: string; attempts: number };

export class DnsStub {
  private readonly peer: UdpPeer;
  private waiting?: { id: number; name: string; resolve: (o: DnsOutcome) => void; sentAt: number; attempts: number };

  constructor(
    server: Endpoint,
    recorder: PacketRecorder,
    private readonly timeoutMs = 1000,
    private readonly attempts = 3,
  ) {
    this.peer = new UdpPeer(server, recorder);
  }

  /** The local address queries come from (the server sees this client address). */
  async open(localAddress?: string): Promise<Endpoint> {
    const local = await this.peer.open(localAddress);
    this.peer.onMessage((msg, from) => this.onMessage(msg, from.address));
    return local;
  }

  private onMessage(msg: Buffer, from: string): void {
    const w = this.waiting;
    if (!w || msg.length < 2 || msg.readUInt16BE(0) !== w.id) return;
    this.waiting = undefined;
    let message: DnsPacket;
    try {
      message = decodeDns(msg);
    } catch (e) {
      w.resolve({ kind: 'malformed', error: e instanceof Error ? e.message : String(e), attempts: w.attempts });
      return;
    }
    const q = message.questions?.[0];
    if (!q || q.name.toLowerCase() !== w.name.toLowerCase()) {
      w.resolve({
        kind: 'malformed',
        error: `the answer's question is ${q ? q.name : 'missing'}, not ${w.name}`,
        attempts: w.attempts,
      });
      return;
    }
    w.resolve({ kind: 'answer', message, rttMs: performance.now() - w.sentAt, attempts: w.attempts, from });
  }

  async query(
    name: string,
    type: 'A' | 'AAAA' | 'PTR' | 'SOA',
    opts: QueryOptions,
    signal: AbortSignal,
  ): Promise<DnsOutcome> {
    if (this.waiting) throw new Error('DnsStub asks one question at a time');
    const id = randomInt(0, 0x10000);
    const flags = dnsPacket.RECURSION_DESIRED | (opts.checkingDisabled ? dnsPacket.CHECKING_DISABLED : 0);
    const query = encodeDns({
      type: 'query',
      id,
      flags,
      questions: [{ type, name }],
      ...(opts.dnssecOk
        ? { additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: dnsPacket.DNSSEC_OK }] }
        : {}),
    } as DnsPacket);
    return new Promise<DnsOutcome>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (o: DnsOutcome) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiting = undefined;
        resolve(o);
      };
      const onAbort = () => done({ kind: 'timeout', attempts: this.waiting?.attempts ?? 0 });
      signal.addEventListener('abort', onAbort, { once: true });
      const w = { id, name, resolve: done, sentAt: 0, attempts: 0 };
      this.waiting = w;
      const send = () => {
        if (w.attempts >= this.attempts) return done({ kind: 'timeout', attempts: w.attempts });
        w.attempts++;
        w.sentAt = performance.now();
        this.peer.send(query);
        timer = setTimeout(send, this.timeoutMs);
      };
      send();
    });
  }

  close(): Promise<void> {
    return this.peer.close();
  }
}
