import * as hdr from 'hdr-histogram-js';
import {
  AaaaQueryTemplate,
  answeredQueryNumber,
  ipv6Octets,
  scanAaaaAnswer,
  type AaaaVerdict,
} from '../protocol/dns/index.ts';
import type { PacketRecorder } from '../net/pcap/index.ts';
import { openUdpSocket, type UdpSocketLike } from '../net/udp-socket/index.ts';
import { pacedRequests } from './paced-requests.ts';
import type { TrialResult } from './throughput-search.ts';

/**
 * A DNS64 query-rate trial in the manner of RFC 8219 §9 (dns64perf): AAAA queries over IPv6 at a
 * fixed rate for a fixed time, each for a different name under an A-only wildcard so the DNS64
 * synthesizes every answer afresh; an answer counts when it comes within the timeout and holds
 * exactly the expected synthesized AAAA. Latencies of the counted answers go to an hdr-histogram.
 * Queries leave one batched UDP socket (sendmmsg) paced in 1 ms steps.
 */
export interface DnsRateOptions {
  server: { address: string; port: number };
  localAddress: string;
  /** The wildcard's parent: queries ask `<12 hex digits>.<zone>`. */
  zone: string;
  /** The AAAA every answer must hold (the wildcard's A under the declared Pref64). */
  expected: string;
  /** RFC 8219 §9.2: an answer later than this is a failed query. */
  timeoutMs: number;
  recorder: PacketRecorder;
  /** Queries (and their answers) of each trial written to the pcap; the rest are only counted. */
  recordFirst?: number;
}

export interface DnsTrial extends TrialResult {
  /** Answers by verdict (within the timeout), `late` beyond it, `unmatched` not ours or repeated. */
  verdicts: Record<string, number>;
  /** Round-trip times of the valid answers, microseconds. */
  latencyUs: hdr.Histogram;
  /** The first answer that was not a valid synthesis, with its name. */
  firstInvalid?: { name: string; verdict: AaaaVerdict };
}

const SLOTS = 65536;
const RING = 8192;
const MAX_PER_TICK = 2000;

export class DnsQueryRate {
  private socket?: UdpSocketLike;
  private readonly template: AaaaQueryTemplate;
  private readonly expected: Buffer;
  private readonly ring = Array.from({ length: RING }, () => Buffer.alloc(0));
  private readonly sentAt = new Float64Array(SLOTS);
  private readonly numberOf = new Float64Array(SLOTS).fill(-1);
  private readonly answered = new Uint8Array(SLOTS);
  /** Query numbers go on across trials: no name is asked twice in a run. */
  private next = Math.floor(Math.random() * 2 ** 40);
  private trialState?: {
    received: number;
    verdicts: Record<string, number>;
    hist: hdr.Histogram;
    outstanding: number;
    recorded: number;
    firstInvalid?: DnsTrial['firstInvalid'];
  };

  constructor(private readonly o: DnsRateOptions) {
    this.template = new AaaaQueryTemplate(o.zone);
    this.expected = ipv6Octets(o.expected);
    for (let i = 0; i < RING; i++) this.ring[i] = Buffer.alloc(this.template.length);
  }

  async open(): Promise<void> {
    this.socket = await openUdpSocket(
      { address: this.o.localAddress, port: 0, recvBufferSize: 4 * 1024 * 1024 },
      (msg, from) => this.onAnswer(msg, from),
    );
  }

  private onAnswer(msg: Buffer, from: { address: string; port: number }): void {
    const t = this.trialState;
    if (!t || msg.length < 12) return;
    const now = performance.now();
    const id = (msg[0] << 8) | msg[1];
    const n = answeredQueryNumber(msg);
    if (n < 0 || this.numberOf[id] !== n || this.answered[id]) {
      t.verdicts.unmatched = (t.verdicts.unmatched ?? 0) + 1;
      return;
    }
    this.answered[id] = 1;
    t.outstanding--;
    if (t.recorded < (this.o.recordFirst ?? 50) * 2) {
      t.recorded++;
      this.o.recorder.udp(from, this.socket!.address(), msg);
    }
    const rtt = now - this.sentAt[id];
    if (rtt > this.o.timeoutMs) {
      t.verdicts.late = (t.verdicts.late ?? 0) + 1;
      return;
    }
    const v = scanAaaaAnswer(msg, this.expected);
    t.verdicts[v] = (t.verdicts[v] ?? 0) + 1;
    if (v === 'synthesized') {
      t.received++;
      t.hist.recordValue(Math.max(1, Math.round(rtt * 1000)));
    } else if (!t.firstInvalid) t.firstInvalid = { name: `${AaaaQueryTemplate.label(n)}.${this.o.zone}`, verdict: v };
  }

  /** Offers `ratePps` queries a second for `durationMs`, then waits out the timeout. */
  async trial(ratePps: number, durationMs: number, signal?: AbortSignal): Promise<DnsTrial> {
    const socket = this.socket;
    if (!socket) throw new Error('DnsQueryRate is not open');
    const hist = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 60_000_000,
      numberOfSignificantValueDigits: 3,
    });
    const t = { received: 0, verdicts: {} as Record<string, number>, hist, outstanding: 0, recorded: 0 } as NonNullable<
      DnsQueryRate['trialState']
    >;
    this.trialState = t;
    this.answered.fill(0);
    this.numberOf.fill(-1);
    let sent = 0;
    const { offered, offeredPps } = await pacedRequests({
      ratePps,
      durationMs,
      timeoutMs: this.o.timeoutMs,
      maxPerStep: MAX_PER_TICK,
      signal,
      outstanding: () => t.outstanding,
      send: (now) => {
        const n = this.next++;
        const id = n & 0xffff;
        const buf = this.ring[sent % RING];
        this.template.write(buf, id, n);
        this.sentAt[id] = now;
        this.numberOf[id] = n;
        this.answered[id] = 0;
        t.outstanding++;
        if (t.recorded < (this.o.recordFirst ?? 50) * 2) {
          t.recorded++;
          this.o.recorder.udp(socket.address(), this.o.server, buf);
        }
        socket.send(buf, this.o.server.port, this.o.server.address);
        sent++;
      },
    });
    this.trialState = undefined;
    return {
      sent: offered,
      received: t.received,
      offeredPps,
      verdicts: t.verdicts,
      latencyUs: hist,
      ...(t.firstInvalid ? { firstInvalid: t.firstInvalid } : {}),
    };
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    await s?.close();
  }
}
