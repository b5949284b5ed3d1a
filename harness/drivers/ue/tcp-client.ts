import { randomInt } from 'node:crypto';
import { addressBytes, addressString } from '../../protocol/common/ip-bytes.ts';
import {
  encodeIpPacket,
  ipPacket,
  tcpSegment,
  TCP_FLAGS,
  type IpPacket,
  type TcpSegment,
} from '../../protocol/ip/index.ts';
import { ephemeralPort } from './random-ids.ts';

const { FIN, SYN, RST, PSH, ACK } = TCP_FLAGS;

/** What the TCP client needs of a UE's IP stack, either family (UeIpv6Host, UeIpv4Host). */
export interface IpHost {
  /** The address connections are made from. */
  readonly source: string;
  sendRaw(raw: Buffer): void;
  /** A consumer asked first for every arriving packet; returns its remover. */
  tap(consumer: (raw: Buffer, p: IpPacket) => boolean): () => void;
}

export type ConnectOutcome =
  | { kind: 'connected'; connectMs: number }
  /** The SYN was answered with RST: nothing listens there (RFC 9293 §3.10.7.3). */
  | { kind: 'refused'; connectMs: number }
  /** No SYN-ACK by the deadline, or the attempt was called off (`aborted`). */
  | { kind: 'timeout'; aborted: boolean };

export type ExchangeOutcome =
  | { kind: 'echoed'; rttMs: number; firstByteMs: number; data: Buffer }
  | { kind: 'reset' }
  | { kind: 'timeout'; received: Buffer };

/** How long an abandoned attempt still answers a late SYN-ACK with RST. */
const LINGER_MS = 3000;

/**
 * The UE's own TCP over its bearer (RFC 9293), for either family: the three-way handshake
 * (§3.5), one data exchange collected in order and acknowledged, FIN both ways (§3.6), and ABORT
 * (§3.10.5: RST once established; in SYN-SENT the TCB is deleted, and a SYN-ACK that still
 * arrives is answered as in CLOSED, <SEQ=SEG.ACK><CTL=RST>, §3.10.7.1). Its own stack, not the
 * kernel's, because the UE's addresses live only inside the GTP-U tunnel. No retransmission: on a
 * lab path a lost segment is a finding, reported as a timeout where it happened.
 */
export class TcpClient {
  readonly peer: string;
  readonly family: 4 | 6;
  readonly srcPort = ephemeralPort(); // RFC 6335 §6 ephemeral range
  badChecksums = 0;
  private readonly src: string;
  private readonly queue: TcpSegment[] = [];
  private wake?: () => void;
  private untap?: () => void;
  private iss = randomInt(0, 2 ** 32);
  private sndNxt = 0;
  private rcvNxt = 0;
  private peerFin = false;
  private state: 'closed' | 'syn-sent' | 'established' | 'abandoned' = 'closed';

  constructor(
    private readonly host: IpHost,
    dst: string,
    readonly port: number,
  ) {
    this.peer = addressString(addressBytes(dst));
    this.family = this.peer.includes(':') ? 6 : 4;
    this.src = host.source;
  }

  private receive(p: IpPacket): boolean {
    const s = p.payload;
    if (s.type !== 'tcp' || p.src !== this.peer || s.dstPort !== this.srcPort || s.srcPort !== this.port) return false;
    if (!s.checksumValid || (p.version === 4 && !p.headerChecksumValid)) this.badChecksums++;
    else if (this.state === 'abandoned') {
      if (s.flags & ACK && !(s.flags & RST)) this.send({ seq: s.ack, flags: RST });
    } else this.queue.push(s);
    this.wake?.();
    return true;
  }

  private send(f: { seq: number; ack?: number; flags: number; data?: Buffer }): void {
    this.host.sendRaw(
      encodeIpPacket(ipPacket(this.src, this.peer, tcpSegment({ srcPort: this.srcPort, dstPort: this.port, ...f }))),
    );
  }

  private async next(deadline: number, signal?: AbortSignal): Promise<TcpSegment | undefined> {
    while (!this.queue.length) {
      const left = deadline - performance.now();
      if (left <= 0 || signal?.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, left);
        signal?.addEventListener('abort', done, { once: true });
        this.wake = done;
      });
    }
    return this.queue.shift();
  }

  /** §3.5: SYN, then SYN-ACK acknowledging it, then our ACK. */
  async connect(deadline: number, signal?: AbortSignal): Promise<ConnectOutcome> {
    this.untap = this.host.tap((_raw, p) => this.receive(p));
    this.state = 'syn-sent';
    const t0 = performance.now();
    this.send({ seq: this.iss, flags: SYN });
    for (;;) {
      const s = await this.next(deadline, signal);
      if (!s) return { kind: 'timeout', aborted: signal?.aborted ?? false };
      if (s.flags & RST && s.ack === (this.iss + 1) >>> 0) {
        this.release();
        return { kind: 'refused', connectMs: performance.now() - t0 };
      }
      if ((s.flags & (SYN | ACK)) === (SYN | ACK) && s.ack === (this.iss + 1) >>> 0) {
        this.sndNxt = (this.iss + 1) >>> 0;
        this.rcvNxt = (s.seq + 1) >>> 0;
        this.state = 'established';
        this.send({ seq: this.sndNxt, ack: this.rcvNxt, flags: ACK });
        return { kind: 'connected', connectMs: performance.now() - t0 };
      }
    }
  }

  /** One data segment, then the echo collected in order (§3.10.7.4) and acknowledged. */
  async exchange(data: Buffer, deadline: number, signal?: AbortSignal): Promise<ExchangeOutcome> {
    const t1 = performance.now();
    this.send({ seq: this.sndNxt, ack: this.rcvNxt, flags: PSH | ACK, data });
    this.sndNxt = (this.sndNxt + data.length) >>> 0;
    const parts: Buffer[] = [];
    let got = 0;
    let firstByteMs: number | undefined;
    while (got < data.length) {
      const s = await this.next(deadline, signal);
      if (!s) return { kind: 'timeout', received: Buffer.concat(parts) };
      if (s.flags & RST) return { kind: 'reset' };
      if (s.seq !== this.rcvNxt || (!s.data.length && !(s.flags & FIN))) continue; // only the next in order is taken
      if (s.data.length && firstByteMs === undefined) firstByteMs = performance.now() - t1;
      parts.push(Buffer.from(s.data));
      got += s.data.length;
      this.peerFin = (s.flags & FIN) !== 0;
      this.rcvNxt = (this.rcvNxt + s.data.length + (this.peerFin ? 1 : 0)) >>> 0;
      this.send({ seq: this.sndNxt, ack: this.rcvNxt, flags: ACK });
      if (this.peerFin) break;
    }
    return {
      kind: 'echoed',
      rttMs: performance.now() - t1,
      firstByteMs: firstByteMs ?? performance.now() - t1,
      data: Buffer.concat(parts),
    };
  }

  /** §3.6: our FIN, then the peer's (an echo service closes once its input ends); true when both are acknowledged. */
  async close(deadline: number, signal?: AbortSignal): Promise<'closed' | 'not-closed' | 'reset'> {
    try {
      this.send({ seq: this.sndNxt, ack: this.rcvNxt, flags: FIN | ACK });
      this.sndNxt = (this.sndNxt + 1) >>> 0;
      let closed = false;
      for (let s = await this.next(deadline, signal); s; s = closed ? undefined : await this.next(deadline, signal)) {
        if (s.flags & RST) return 'reset';
        if (this.peerFin) closed = s.ack === this.sndNxt;
        else if (s.flags & FIN && s.seq === this.rcvNxt) {
          this.rcvNxt = (this.rcvNxt + s.data.length + 1) >>> 0;
          this.send({ seq: this.sndNxt, ack: this.rcvNxt, flags: ACK });
          this.peerFin = true;
          closed = s.ack === this.sndNxt;
        }
      }
      return closed ? 'closed' : 'not-closed';
    } finally {
      this.release();
    }
  }

  /**
   * ABORT (§3.10.5): an established connection is reset (<SEQ=SND.NXT><CTL=RST>); in SYN-SENT
   * nothing is sent, and for a while a late SYN-ACK gets the RST a closed port would send.
   */
  abandon(): void {
    if (this.state === 'established') {
      this.send({ seq: this.sndNxt, flags: RST });
      this.release();
      return;
    }
    if (this.state !== 'syn-sent') return this.release();
    this.state = 'abandoned';
    this.queue.length = 0;
    setTimeout(() => this.release(), LINGER_MS).unref();
  }

  /** Stops taking this connection's segments. */
  release(): void {
    this.untap?.();
    this.untap = undefined;
    this.state = 'closed';
  }
}
