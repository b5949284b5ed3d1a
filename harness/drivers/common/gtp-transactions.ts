import { DecodeError } from '../../protocol/common/decode-error.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import { UdpPeer, type Endpoint } from './udp-peer.ts';

/**
 * Reliable delivery of GTP-C requests (TS 29.274 §7.6 for GTPv2-C, TS 29.060 §7.6 for GTPv1-C):
 * each request gets a new sequence number, is retransmitted after T3-RESPONSE without an answer,
 * up to N3-REQUESTS times, and is answered by the message carrying the same sequence number.
 * Whatever else the peer sends meanwhile is kept so a scenario can say what was wrong with it.
 */
export interface GtpMessageLike {
  type: string;
  sequence: number;
}

/** The codec a transaction layer runs over. */
export interface GtpCodec<M extends GtpMessageLike> {
  encode(m: M): Buffer;
  decode(b: Buffer): M;
  isResponse(m: M): boolean;
  /** Largest sequence number (24 bits in GTPv2-C, 16 in GTPv1-C). */
  maxSequence: number;
}
export interface ReliabilityTimers {
  /** T3-RESPONSE in milliseconds. */
  t3ResponseMs: number;
  /** N3-REQUESTS: retransmissions after the first attempt. */
  n3Requests: number;
}

export const DEFAULT_TIMERS: ReliabilityTimers = { t3ResponseMs: 1000, n3Requests: 2 };

export type Outcome<M = GtpMessageLike> =
  | {
      kind: 'response';
      sequence: number;
      message: M;
      rttMs: number;
      attempts: number;
      unmatched: M[];
      undecodable: DecodeError[];
    }
  | {
      kind: 'no-response';
      sequence: number;
      attempts: number;
      unmatched: M[];
      undecodable: DecodeError[];
      description: string;
    };

interface Pending<M> {
  sequence: number;
  unmatched: M[];
  undecodable: DecodeError[];
  settle: (m: M) => void;
}

export class GtpTransactions<M extends GtpMessageLike> {
  private readonly peer: UdpPeer;
  private nextSequence: number;
  /** Requests awaiting their response, by sequence number: many may be in flight at once. */
  private readonly pending = new Map<number, Pending<M>>();

  constructor(
    private readonly codec: GtpCodec<M>,
    readonly remote: Endpoint,
    recorder: PacketRecorder,
    readonly remoteName: string,
    private readonly timers: ReliabilityTimers = DEFAULT_TIMERS,
  ) {
    this.peer = new UdpPeer(remote, recorder);
    this.nextSequence = 1 + Math.floor(Math.random() * 0x7fff);
    this.peer.onMessage((data, from) => this.receive(data, from));
  }

  /**
   * Answers requests the element sends (Echo Request, a GGSN-initiated Delete PDP Context ...):
   * the handler's response goes back to where the request came from (§7.6). Without a handler
   * they are kept as evidence, as anything else unmatched.
   */
  onRequest(handler: (m: M, from: Endpoint) => M | undefined): void {
    this.requestHandler = handler;
  }

  private requestHandler?: (m: M, from: Endpoint) => M | undefined;

  open(localAddress?: string, port?: number): Promise<Endpoint> {
    return this.peer.open(localAddress, port);
  }

  close(): Promise<void> {
    return this.peer.close();
  }

  /** Sends `msg` (its sequence number is assigned here) and waits for the matching response. */
  async request(msg: Omit<M, 'sequence'>, signal?: AbortSignal, opts: { sequence?: number } = {}): Promise<Outcome<M>> {
    // A scenario may reuse a sequence number on purpose (TS 29.060 §7.6 duplicate detection).
    const sequence = opts.sequence ?? this.nextSequence;
    if (opts.sequence === undefined)
      this.nextSequence = this.nextSequence >= this.codec.maxSequence ? 1 : this.nextSequence + 1;
    const bytes = this.codec.encode({ ...msg, sequence } as M);
    const pending: Pending<M> = { sequence, unmatched: [], undecodable: [], settle: () => {} };
    const answered = new Promise<M>((resolve) => (pending.settle = resolve));
    this.pending.set(sequence, pending);
    const started = performance.now();
    try {
      for (let attempt = 1; attempt <= this.timers.n3Requests + 1; attempt++) {
        signal?.throwIfAborted();
        this.peer.send(bytes);
        const message = await withinT3(answered, this.timers.t3ResponseMs, signal);
        if (message) {
          return {
            kind: 'response',
            sequence,
            message,
            rttMs: performance.now() - started,
            attempts: attempt,
            unmatched: pending.unmatched,
            undecodable: pending.undecodable,
          };
        }
      }
      const tries = this.timers.n3Requests + 1;
      return {
        kind: 'no-response',
        sequence,
        attempts: tries,
        unmatched: pending.unmatched,
        undecodable: pending.undecodable,
        description: `no response from ${this.remoteName} at ${fmt(this.remote)} after ${tries} tries (T3-RESPONSE ${this.timers.t3ResponseMs} ms, N3-REQUESTS ${this.timers.n3Requests})`,
      };
    } finally {
      this.pending.delete(sequence);
    }
  }

  /**
   * A peer that floods (or answers garbage) must not grow the harness without bound: each request
   * keeps the first EVIDENCE unmatched and undecodable messages as evidence for its outcome.
   */
  private receive(data: Buffer, from: Endpoint): void {
    let m: M;
    try {
      m = this.codec.decode(data);
    } catch (err) {
      // Which request an undecodable message answers cannot be known: every one in flight hears of it.
      if (err instanceof DecodeError) for (const p of this.pending.values()) keep(p.undecodable, err);
      return;
    }
    if (this.requestHandler && !this.codec.isResponse(m)) {
      const answer = this.requestHandler(m, from);
      if (answer) this.peer.sendTo(this.codec.encode(answer), { address: from.address, port: from.port });
      return;
    }
    // §7.6: a response carries the sequence number of its request. A request from the peer
    // (even with the same number) is not a response.
    const p = this.pending.get(m.sequence);
    if (p && this.codec.isResponse(m)) p.settle(m);
    else if (p) keep(p.unmatched, m);
    else for (const q of this.pending.values()) keep(q.unmatched, m);
  }
}

const EVIDENCE = 64;
function keep<T>(list: T[], x: T): void {
  if (list.length < EVIDENCE) list.push(x);
}

export function fmt(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/**
 * The answer if it comes within T3-RESPONSE, else undefined; the timer is cleared as soon as the
 * answer is there (thousands of requests a second must not leave thousands of timers running).
 */
function withinT3<T>(answer: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
    };
    const t = setTimeout(() => {
      done();
      resolve(undefined);
    }, ms);
    const onAbort = () => {
      done();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    void answer.then((v) => {
      done();
      resolve(v);
    });
  });
}
