import { createSocket, type Socket } from 'node:dgram';
import { pacedRequests } from './paced-requests.ts';
import { tupleAt, type PhaseResult, type StatefulNatTester } from './stateful-natxy.ts';

/**
 * The RFC 9693 Tester over real sockets, for a NAT64 the target declares: the Initiator is a set
 * of UDP sockets on the harness's IPv6 address sending to the Responder at Pref64::R (RFC 6052
 * §2.2), the Responder a set of UDP sockets on the harness's own IPv4 address R on the NAT64's
 * IPv4 side. A 4-tuple is (Initiator socket, Responder socket): each phase 1 opens fresh
 * Initiator sockets (fresh source ports from the kernel), so no step meets state of the one
 * before, and visits the pairs in a pseudorandom order (RFC 4814 §4.5 via `tupleAt`). Each frame
 * carries its step and its 4-tuple's index, so a frame of another step or to the wrong socket is
 * not counted.
 */
export interface SocketTesterOptions {
  /** Pref64::R, where the Initiator sends. */
  target6: string;
  /** R: the harness's IPv4 address the NAT64 reaches. */
  responder4: string;
  /** Responder sockets (destination ports); the Initiator opens as many sockets as a phase needs. */
  responders?: number;
  /** How long after the last frame a phase waits for stragglers. */
  settleMs?: number;
}

const MAGIC = 0x76364e36; // "v6N6"
const FRAME = 12;

interface Learned {
  k: number;
  address: string;
  port: number;
}

export class Nat64SocketTester implements StatefulNatTester {
  private readonly responders: Socket[] = [];
  private initiators: Socket[] = [];
  private learned: Learned[] = [];
  private seen = new Uint8Array(0);
  private answered = new Uint8Array(0);
  private answers = 0;
  private step = 0;
  /** One frame per 4-tuple of the phase, in one block: dgram keeps a reference until the datagram is sent. */
  private frames = Buffer.alloc(0);
  private readonly d: number;
  private readonly settleMs: number;

  constructor(private readonly o: SocketTesterOptions) {
    this.d = o.responders ?? 32;
    this.settleMs = o.settleMs ?? 500;
  }

  async open(): Promise<void> {
    for (let j = 0; j < this.d; j++) {
      const s = createSocket({ type: 'udp4', recvBufferSize: 1 << 22 });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.bind(0, this.o.responder4, () => resolve());
      });
      s.on('message', (m, r) => this.onResponder(m, r.address, r.port));
      this.responders.push(s);
    }
  }

  private read(m: Buffer): number | undefined {
    return m.length === FRAME && m.readUInt32BE(0) === MAGIC && m.readUInt32BE(4) === this.step
      ? m.readUInt32BE(8)
      : undefined;
  }

  private tuple(k: number): { i: number; j: number } {
    const n = this.initiators.length;
    const t = tupleAt(k, { first: 0, last: n - 1 }, { first: 0, last: this.d - 1 }, this.step);
    return { i: t.srcPort, j: t.dstPort };
  }

  /** Phase 1 at the Responder: the translated 4-tuple (the NAT64's address and port) of each new frame. */
  private onResponder(m: Buffer, address: string, port: number): void {
    const k = this.read(m);
    if (k === undefined || k >= this.seen.length || this.seen[k]) return;
    this.seen[k] = 1;
    this.learned.push({ k, address, port });
  }

  /** Phase 2 at the Initiator: counts a frame only at the socket its 4-tuple names, from Pref64::R. */
  private onInitiator(i: number, m: Buffer, address: string): void {
    const k = this.read(m);
    if (k === undefined || k >= this.answered.length || this.answered[k] || address !== this.o.target6) return;
    if (this.tuple(k).i !== i) return;
    this.answered[k] = 1;
    this.answers++;
  }

  private closeInitiators(): void {
    for (const s of this.initiators) s.close();
    this.initiators = [];
  }

  private frameFor(k: number): Buffer {
    const f = this.frames.subarray(k * FRAME, (k + 1) * FRAME);
    f.writeUInt32BE(MAGIC, 0);
    f.writeUInt32BE(this.step, 4);
    f.writeUInt32BE(k, 8);
    return f;
  }

  async establish(connections: number, ratePps: number, signal?: AbortSignal): Promise<PhaseResult> {
    this.closeInitiators();
    this.step++;
    this.learned = [];
    this.seen = new Uint8Array(connections);
    this.frames = Buffer.alloc(connections * FRAME);
    const need = Math.ceil(connections / this.d);
    for (let i = 0; i < need; i++) {
      const s = createSocket({ type: 'udp6', recvBufferSize: 1 << 20 });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.bind(0, '::', () => resolve());
      });
      s.on('message', (m, r) => this.onInitiator(i, m, r.address));
      this.initiators.push(s);
    }
    let k = 0;
    const out = await pacedRequests({
      ratePps,
      durationMs: (connections * 1000) / ratePps,
      timeoutMs: this.settleMs,
      maxPerStep: Math.max(1, Math.ceil(ratePps / 100)),
      outstanding: () => k - this.learned.length,
      ...(signal ? { signal } : {}),
      send: () => {
        const { i, j } = this.tuple(k);
        this.initiators[i].send(this.frameFor(k), this.responders[j].address().port, this.o.target6);
        k++;
      },
    });
    return { sent: out.offered, received: this.learned.length, offeredPps: out.offeredPps };
  }

  async validate(ratePps: number, signal?: AbortSignal): Promise<PhaseResult> {
    const todo = this.learned;
    this.answered = new Uint8Array(this.seen.length);
    this.answers = 0;
    if (todo.length === 0) return { sent: 0, received: 0 };
    let n = 0;
    const out = await pacedRequests({
      ratePps,
      durationMs: (todo.length * 1000) / ratePps,
      timeoutMs: this.settleMs,
      maxPerStep: Math.max(1, Math.ceil(ratePps / 100)),
      outstanding: () => n - this.answers,
      ...(signal ? { signal } : {}),
      send: () => {
        const l = todo[n++];
        this.responders[this.tuple(l.k).j].send(this.frameFor(l.k), l.port, l.address);
      },
    });
    return { sent: out.offered, received: this.answers, offeredPps: out.offeredPps };
  }

  close(): void {
    this.closeInitiators();
    for (const s of this.responders) s.close();
    this.responders.length = 0;
  }
}
