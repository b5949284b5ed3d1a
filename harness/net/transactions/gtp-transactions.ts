import { DecodeError } from '../../protocol/common/decode-error.ts';
import type { PacketRecorder } from '../pcap/index.ts';
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
  /** Writes `sequence` into a request encoded ahead (requestEncoded), where the header holds it. */
  setSequence?(bytes: Buffer, sequence: number): void;
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

/**
 * A request in flight. `pending` holds these in the order of their T3 deadlines: every request of
 * one transaction layer has the same T3, and a retransmitted one moves to the end (delete + set),
 * so the first entry is always the next to time out and one timer serves them all (no timer,
 * closure or extra promise per request: at tens of thousands of requests a second those were
 * much of the driver's CPU time).
 */
interface Pending<M> {
  sequence: number;
  bytes: Buffer;
  attempts: number;
  started: number;
  deadline: number;
  unmatched?: M[];
  undecodable?: DecodeError[];
  signal?: AbortSignal;
  resolve: (o: Outcome<M>) => void;
  reject: (reason: unknown) => void;
}

export class GtpTransactions<M extends GtpMessageLike> {
  private readonly peer: UdpPeer;
  private nextSequence: number;
  /** Requests awaiting their response, by sequence number, oldest deadline first. */
  private readonly pending = new Map<number, Pending<M>>();
  private timer?: NodeJS.Timeout;
  private timerAt = Number.POSITIVE_INFINITY;
  /** The abort signals requests were given, each listened to once for all its requests. */
  private readonly signals = new WeakSet<AbortSignal>();

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
  request(msg: Omit<M, 'sequence'>, signal?: AbortSignal, opts: { sequence?: number } = {}): Promise<Outcome<M>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    // A scenario may reuse a sequence number on purpose (TS 29.060 §7.6 duplicate detection).
    const sequence = opts.sequence ?? this.takeSequence();
    return this.send(sequence, this.codec.encode({ ...msg, sequence } as M), signal);
  }

  /**
   * As request(), for a request already encoded (a template copy, protocol/gtpv2c/template.ts):
   * its sequence number is assigned and written here (the codec's setSequence). `bytes` must stay
   * unchanged until the outcome (retransmissions send them again).
   */
  requestEncoded(bytes: Buffer, signal?: AbortSignal): Promise<Outcome<M>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.codec.setSequence) throw new Error('this codec cannot send requests encoded ahead');
    const sequence = this.takeSequence();
    this.codec.setSequence(bytes, sequence);
    return this.send(sequence, bytes, signal);
  }

  private takeSequence(): number {
    const sequence = this.nextSequence;
    this.nextSequence = sequence >= this.codec.maxSequence ? 1 : sequence + 1;
    return sequence;
  }

  private send(sequence: number, bytes: Buffer, signal: AbortSignal | undefined): Promise<Outcome<M>> {
    const now = performance.now();
    return new Promise<Outcome<M>>((resolve, reject) => {
      const p: Pending<M> = {
        sequence,
        bytes,
        attempts: 1,
        started: now,
        deadline: now + this.timers.t3ResponseMs,
        signal,
        resolve,
        reject,
      };
      // A sequence number still in flight (the 16-bit GTPv1-C space wrapped): the older request
      // can no longer be told from this one, it has had its chance.
      const older = this.pending.get(sequence);
      if (older) this.settle(older, undefined);
      this.pending.set(sequence, p);
      if (signal && !this.signals.has(signal)) this.watch(signal);
      try {
        this.peer.send(bytes);
      } catch (err) {
        this.pending.delete(sequence);
        reject(err);
        return;
      }
      this.arm(p.deadline);
    });
  }

  /** Resolves `p` with its response, or as unanswered when `message` is undefined. */
  private settle(p: Pending<M>, message: M | undefined): void {
    this.pending.delete(p.sequence);
    if (this.pending.size === 0) this.disarm();
    if (message) {
      p.resolve({
        kind: 'response',
        sequence: p.sequence,
        message,
        rttMs: performance.now() - p.started,
        attempts: p.attempts,
        unmatched: p.unmatched ?? [],
        undecodable: p.undecodable ?? [],
      });
      return;
    }
    p.resolve({
      kind: 'no-response',
      sequence: p.sequence,
      attempts: p.attempts,
      unmatched: p.unmatched ?? [],
      undecodable: p.undecodable ?? [],
      description: `no response from ${this.remoteName} at ${fmt(this.remote)} after ${p.attempts} tries (T3-RESPONSE ${this.timers.t3ResponseMs} ms, N3-REQUESTS ${this.timers.n3Requests})`,
    });
  }

  /** Nothing is in flight: no timer keeps the process alive. */
  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  /** Runs expire() at `at` unless it is already due to run by then. */
  private arm(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(this.expire, Math.max(0, at - performance.now()));
  }

  /**
   * T3-RESPONSE ran out for the requests at the front: each is sent again, up to N3-REQUESTS
   * times (§7.6), then given up. The timer is set again for the next deadline.
   */
  private readonly expire = (): void => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    for (const p of this.pending.values()) {
      if (p.deadline > now) {
        this.arm(p.deadline);
        return;
      }
      if (p.attempts > this.timers.n3Requests) {
        this.settle(p, undefined);
        continue;
      }
      p.attempts++;
      p.deadline = now + this.timers.t3ResponseMs;
      // To the end of the deadline order (the loop meets it again only if T3 is 0).
      this.pending.delete(p.sequence);
      this.pending.set(p.sequence, p);
      try {
        this.peer.send(p.bytes);
      } catch (err) {
        // The socket was closed meanwhile: the request ends with that error.
        this.pending.delete(p.sequence);
        p.reject(err);
      }
      if (this.timers.t3ResponseMs <= 0) break;
    }
    if (this.pending.size === 0) return;
    const first = this.pending.values().next();
    if (!first.done) this.arm(first.value.deadline);
  };

  /** Requests given `signal` are rejected with its reason as soon as it aborts. */
  private watch(signal: AbortSignal): void {
    this.signals.add(signal);
    signal.addEventListener(
      'abort',
      () => {
        for (const p of [...this.pending.values()]) {
          if (p.signal !== signal) continue;
          this.pending.delete(p.sequence);
          p.reject(signal.reason);
        }
        if (this.pending.size === 0) this.disarm();
      },
      { once: true },
    );
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
      if (err instanceof DecodeError) for (const p of this.pending.values()) keep((p.undecodable ??= []), err);
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
    if (p && this.codec.isResponse(m)) this.settle(p, m);
    else if (p) keep((p.unmatched ??= []), m);
    else for (const q of this.pending.values()) keep((q.unmatched ??= []), m);
  }
}

const EVIDENCE = 64;
function keep<T>(list: T[], x: T): void {
  if (list.length < EVIDENCE) list.push(x);
}

export function fmt(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}
