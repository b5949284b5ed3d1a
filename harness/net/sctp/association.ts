import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  type AbortChunk,
  chunkLength,
  type DataChunk,
  type DecodedSctpPacket,
  type ErrorCause,
  encodePacket,
  type InitAckChunk,
  type InitChunk,
  PARAMS,
  type SctpChunk,
  findParam,
  tsnLte,
  unrecognizedChunkAction,
} from '../../protocol/sctp/index.ts';
import type { Clock, Timer } from './clock.ts';
import type { CookieContents } from './cookie.ts';
import { Inbound, type SctpMessage } from './inbound.ts';
import type { AssociationOptions } from './options.ts';
import { Outbound } from './outbound.ts';
import { RtoEstimator } from './rto.ts';
import type { PeerAddress, SctpTransport } from './transport.ts';

/** RFC 9260 §4 association states. */
export type AssociationState =
  | 'closed'
  | 'cookie-wait'
  | 'cookie-echoed'
  | 'established'
  | 'shutdown-pending'
  | 'shutdown-sent'
  | 'shutdown-received'
  | 'shutdown-ack-sent';

/** Why an association ended. */
export type CloseReason =
  /** Graceful shutdown (§9.2) completed. */
  | { reason: 'shutdown' }
  /** We aborted (§9.1), with the causes we sent. */
  | { reason: 'abort'; causes: ErrorCause[] }
  /** The peer aborted, with the causes it sent. */
  | { reason: 'peer-abort'; causes: ErrorCause[] }
  /** Association.Max.Retrans or Max.Init.Retransmits reached (§8.1, §5.1). */
  | { reason: 'timeout'; what: string };

export interface AssociationEvents {
  up: [];
  message: [SctpMessage];
  close: [CloseReason];
  /** §5.2.4 action A: the peer restarted; queued and unacknowledged data were lost. */
  restart: [];
  /** An ERROR chunk from the peer (§3.3.10). */
  'peer-error': [ErrorCause[]];
}

/** What an association needs from its endpoint. */
export interface AssociationHost {
  readonly transport: SctpTransport;
  readonly clock: Clock;
  readonly localPort: number;
  /** Builds the INIT ACK answering `init` (§5.2.1, §5.2.2) with the given tags and tie-tags. */
  initAck(init: InitChunk, from: PeerAddress, peerPort: number, tags: TieTags): InitAckChunk | AbortChunk;
  /** The association closed: forget it. */
  removed(a: Association): void;
}

export interface TieTags {
  localTag: number;
  localInitialTsn: number;
  localTieTag: number;
  peerTieTag: number;
}

const COMMON_HEADER = 12;

export function randomTag(): number {
  for (;;) {
    const t = randomBytes(4).readUInt32BE(0);
    if (t !== 0) return t;
  }
}

/**
 * One SCTP association (RFC 9260): the four-way handshake with a State Cookie (§5.1), DATA and
 * SACK with delayed acknowledgement (§6.2), ordered and unordered delivery (§6.5, §6.6),
 * fragmentation (§6.9), retransmission on T3-rtx with the §6.3 RTO and fast retransmit and
 * congestion control (§7.2), heartbeats (§8.3), ABORT (§9.1), graceful SHUTDOWN (§9.2), and
 * restart detection through tie-tags (§5.2.4). One destination address: no multi-homing failover.
 *
 * The application side is shaped for NGAP/S1AP: `send(streamId, ppid, payload)`, and `message`
 * events carrying the stream, PPID and payload.
 */
export class Association extends EventEmitter<AssociationEvents> {
  state: AssociationState = 'closed';
  localTag = 0;
  peerTag = 0;
  private localInitialTsn = 0;
  inbound: Inbound | undefined;
  outbound: Outbound | undefined;
  readonly rto: RtoEstimator;
  /** Largest SCTP packet (common header and chunks) on this path. */
  readonly maxPacket: number;
  private readonly maxFragment: number;
  private control: SctpChunk[] = [];
  private sackNeeded = false;
  private packetsUnacked = 0;
  private errorCount = 0;
  private t1: Timer | undefined;
  private t1Count = 0;
  private t1Chunk: SctpChunk | undefined;
  private t2: Timer | undefined;
  private t2Count = 0;
  private t3: Timer | undefined;
  private t5: Timer | undefined;
  private sackTimer: Timer | undefined;
  private hbTimer: Timer | undefined;
  private hbOutstanding = false;
  private readonly hbNonce = randomBytes(8);
  private lastDataSent = 0;
  private flushScheduled = false;
  private ready?: { resolve: () => void; reject: (e: Error) => void };
  private closedWith: CloseReason | undefined;
  private closing?: Promise<CloseReason>;
  /** Negotiated stream counts (§5.1.1). */
  outboundStreams = 0;
  inboundStreams = 0;

  constructor(
    private readonly host: AssociationHost,
    readonly peer: PeerAddress,
    readonly peerPort: number,
    readonly options: AssociationOptions,
  ) {
    super();
    this.rto = new RtoEstimator(options.rto);
    this.maxPacket = options.pathMtu - host.transport.headerOverhead(peer.address);
    this.maxFragment = this.maxPacket - COMMON_HEADER - 16;
  }

  get localPort(): number {
    return this.host.localPort;
  }

  /** Resolves when the association is up; rejects with the reason when it cannot be set up. */
  whenUp(): Promise<void> {
    if (this.state === 'established') return Promise.resolve();
    if (this.closedWith) return Promise.reject(closeError(this.closedWith, this.peer));
    return new Promise((resolve, reject) => {
      const prev = this.ready;
      this.ready = {
        resolve: () => {
          prev?.resolve();
          resolve();
        },
        reject: (e) => {
          prev?.reject(e);
          reject(e);
        },
      };
    });
  }

  // ---------------------------------------------------------------- set-up

  /** §5.1 A: sends INIT and enters COOKIE-WAIT. */
  connect(cookiePreservative?: number): void {
    this.localTag = randomTag();
    this.localInitialTsn = randomTag();
    this.state = 'cookie-wait';
    const family = this.peer.address.includes(':') ? 6 : 5;
    const init: InitChunk = {
      type: 'init',
      initiateTag: this.localTag,
      arwnd: this.options.receiveBuffer,
      outboundStreams: this.options.outboundStreams,
      inboundStreams: this.options.inboundStreams,
      initialTsn: this.localInitialTsn,
      params: [{ param: 'supported-address-types', types: [family] }],
    };
    if (cookiePreservative) init.params.push({ param: 'cookie-preservative', increment: cookiePreservative });
    this.startT1(init);
  }

  /** §5.1 B, §5.1.5: a verified State Cookie makes an ESTABLISHED association. */
  establishFromCookie(c: CookieContents): void {
    this.setTcbFromCookie(c);
    this.control.push({ type: 'cookie-ack' });
    this.enterEstablished();
  }

  private setTcbFromCookie(c: CookieContents): void {
    this.setTcb(
      c.localTag,
      c.localInitialTsn,
      c.peerTag,
      c.peerInitialTsn,
      c.peerArwnd,
      c.outboundStreams,
      c.inboundStreams,
    );
  }

  private setTcb(
    localTag: number,
    localInitialTsn: number,
    peerTag: number,
    peerInitialTsn: number,
    peerArwnd: number,
    outboundStreams: number,
    inboundStreams: number,
  ): void {
    this.localTag = localTag;
    this.localInitialTsn = localInitialTsn;
    this.peerTag = peerTag;
    this.outboundStreams = outboundStreams;
    this.inboundStreams = inboundStreams;
    this.outbound = new Outbound(localInitialTsn, outboundStreams, peerArwnd, this.maxPacket - COMMON_HEADER);
    this.inbound = new Inbound(peerInitialTsn, inboundStreams, this.options.receiveBuffer, (m) =>
      this.emit('message', m),
    );
  }

  private enterEstablished(): void {
    this.state = 'established';
    this.stopT1();
    this.errorCount = 0;
    this.scheduleHeartbeat();
    this.flush();
    this.emit('up');
    const r = this.ready;
    this.ready = undefined;
    r?.resolve();
  }

  private startT1(chunk: SctpChunk): void {
    this.t1Chunk = chunk;
    this.t1Count = 0;
    this.sendT1();
  }

  private sendT1(): void {
    const c = this.t1Chunk!;
    this.output([c], c.type === 'init' ? 0 : this.peerTag);
    this.host.clock.clear(this.t1);
    this.t1 = this.host.clock.set(() => this.onT1(), this.rto.rto);
  }

  private onT1(): void {
    this.t1 = undefined;
    // §5.1 C/D: retransmit INIT or COOKIE ECHO with the RTO backed off, up to Max.Init.Retransmits.
    if (++this.t1Count > this.options.maxInitRetransmits) {
      this.terminate({ reason: 'timeout', what: this.state === 'cookie-wait' ? 'INIT' : 'COOKIE ECHO' });
      return;
    }
    this.rto.backOff();
    this.sendT1();
  }

  private stopT1(): void {
    this.host.clock.clear(this.t1);
    this.t1 = undefined;
    this.t1Chunk = undefined;
  }

  // ---------------------------------------------------------------- receive

  /** One packet from the peer, checksum verified, for this association. */
  receive(p: DecodedSctpPacket): void {
    if (this.state === 'closed') return;
    const first = p.chunks[0];
    // §8.5.1 exceptions to the verification tag rule.
    if (first.type === 'init') {
      // §6.10: INIT is never bundled; §8.5.1 A: its tag is 0.
      if (p.chunks.length === 1 && p.verificationTag === 0) this.onInit(first);
      return;
    }
    const abort = p.chunks.find((c) => c.type === 'abort');
    if (abort) {
      if (abort.type === 'abort' && this.tagOk(p.verificationTag, abort.reflected)) {
        this.terminate({ reason: 'peer-abort', causes: abort.causes }, false);
      }
      return;
    }
    if (first.type === 'shutdown-complete') {
      if (this.tagOk(p.verificationTag, first.reflected) && this.state === 'shutdown-ack-sent') this.finishShutdown();
      return;
    }
    if (first.type !== 'cookie-echo' && p.verificationTag !== this.localTag) return;
    let dataSeen = false;
    let immediate = false;
    let report: Buffer[] | undefined;
    for (const c of p.chunks) {
      switch (c.type) {
        case 'data': {
          dataSeen = true;
          if (this.onData(c)) immediate = true;
          break;
        }
        case 'init-ack':
          this.onInitAck(c);
          break;
        case 'cookie-ack':
          if (this.state === 'cookie-echoed') this.enterEstablished();
          break;
        case 'sack':
          this.onSack(c);
          break;
        case 'heartbeat':
          this.control.push({ type: 'heartbeat-ack', info: c.info });
          break;
        case 'heartbeat-ack':
          this.onHeartbeatAck(c.info);
          break;
        case 'shutdown':
          this.onShutdown(c.cumulativeTsnAck);
          break;
        case 'shutdown-ack':
          this.onShutdownAck();
          break;
        case 'error':
          this.onError(c.causes);
          break;
        case 'cookie-echo':
          // Handled by the endpoint (§5.2.4) before the packet gets here; the rest is processed.
          break;
        case 'unknown': {
          const act = unrecognizedChunkAction(c.chunkType);
          if (act.report) {
            const raw = Buffer.alloc(chunkLength(c));
            raw[0] = c.chunkType;
            raw[1] = c.flags;
            raw.writeUInt16BE(raw.length, 2);
            c.value.copy(raw, 4);
            (report ??= []).push(raw);
          }
          if (!act.skip) return this.afterPacket(dataSeen, immediate, report);
          break;
        }
        default:
          break;
      }
      if ((this.state as AssociationState) === 'closed') return;
    }
    this.afterPacket(dataSeen, immediate, report);
  }

  private afterPacket(dataSeen: boolean, immediate: boolean, report: Buffer[] | undefined): void {
    if (report)
      this.control.push({
        type: 'error',
        causes: report.map((chunk) => ({ cause: 'unrecognized-chunk-type', chunk })),
      });
    if (dataSeen) {
      // §6.2: a SACK for every second packet with DATA, at once for gaps, duplicates and the I bit (§6.7, RFC 7053).
      if (immediate || ++this.packetsUnacked >= 2 || this.inbound!.hasGaps || this.state === 'shutdown-sent')
        this.sackNeeded = true;
      else if (!this.sackTimer) this.sackTimer = this.host.clock.set(() => this.onSackTimer(), this.options.sackDelay);
      if (this.state === 'shutdown-sent')
        this.control.push({ type: 'shutdown', cumulativeTsnAck: this.inbound!.cumulativeTsn });
    }
    this.flush();
  }

  private tagOk(vtag: number, reflected: boolean): boolean {
    return reflected ? vtag === this.peerTag : vtag === this.localTag;
  }

  /** Returns true when the chunk asks for an immediate SACK. */
  private onData(c: DataChunk): boolean {
    if (!this.inbound || !['established', 'shutdown-pending', 'shutdown-sent'].includes(this.state)) return false;
    if (c.userData.length === 0) {
      // §6.2: a DATA chunk with no user data is a protocol error: ABORT with No User Data.
      this.abort([{ cause: 'no-user-data', tsn: c.tsn }]);
      return false;
    }
    const v = this.inbound.receive(c);
    if (v === 'invalid-stream')
      this.control.push({ type: 'error', causes: [{ cause: 'invalid-stream-identifier', streamId: c.streamId }] });
    return v !== 'new' || c.immediate === true;
  }

  private onInit(init: InitChunk): void {
    // §5.2.1 (COOKIE-WAIT, COOKIE-ECHOED): the INIT ACK carries our original Initiate Tag; §5.2.2
    // (other states): a new one; both put the current tags in the cookie as tie-tags.
    const collision = this.state === 'cookie-wait' || this.state === 'cookie-echoed';
    const tags: TieTags = collision
      ? {
          localTag: this.localTag,
          localInitialTsn: this.localInitialTsn,
          localTieTag: this.localTag,
          peerTieTag: this.peerTag,
        }
      : { localTag: randomTag(), localInitialTsn: randomTag(), localTieTag: this.localTag, peerTieTag: this.peerTag };
    if (this.state === 'shutdown-ack-sent') {
      // §9.2: an INIT in SHUTDOWN-ACK-SENT is answered with a SHUTDOWN ACK.
      this.output([{ type: 'shutdown-ack' }], this.peerTag);
      return;
    }
    const reply = this.host.initAck(init, this.peer, this.peerPort, tags);
    this.output([reply], init.initiateTag);
  }

  private onInitAck(a: InitAckChunk): void {
    if (this.state !== 'cookie-wait') return;
    const cookie = findParam(a.params, 'state-cookie');
    if (!cookie || a.initiateTag === 0 || a.outboundStreams === 0 || a.inboundStreams === 0) {
      // §5.1, §3.3.3: a mandatory parameter is missing or invalid.
      this.abort(
        cookie
          ? [{ cause: 'invalid-mandatory-parameter' }]
          : [{ cause: 'missing-mandatory-parameter', paramTypes: [7] }],
        a.initiateTag,
      );
      return;
    }
    this.stopT1();
    this.setTcb(
      this.localTag,
      this.localInitialTsn,
      a.initiateTag,
      a.initialTsn,
      a.arwnd,
      Math.min(this.options.outboundStreams, a.inboundStreams),
      Math.min(this.options.inboundStreams, a.outboundStreams),
    );
    this.state = 'cookie-echoed';
    // §3.3.3: unrecognized parameters whose type asks for a report go back in an ERROR chunk.
    const unknown = a.params.filter((p) => p.param === 'unknown' && p.paramType & 0x4000);
    this.startT1({ type: 'cookie-echo', cookie: cookie.cookie });
    if (unknown.length) {
      // Each reported parameter whole and padded, as received (§3.3.10.8).
      const parameters = Buffer.concat(
        unknown.map((p) => {
          const b = Buffer.alloc((PARAMS.itemLength(p) + 3) & ~3);
          b.writeUInt16BE(PARAMS.typeOf(p), 0);
          b.writeUInt16BE(PARAMS.itemLength(p), 2);
          if (p.param === 'unknown') p.value.copy(b, 4);
          return b;
        }),
      );
      this.output([{ type: 'error', causes: [{ cause: 'unrecognized-parameters', parameters }] }]);
    }
  }

  /** §5.2.4: a COOKIE ECHO for this association (tags compared with the cookie's). */
  onCookieEcho(c: CookieContents): void {
    const localMatch = c.localTag === this.localTag;
    const peerMatch = c.peerTag === this.peerTag;
    if (!localMatch && !peerMatch && c.localTieTag === this.localTag && c.peerTieTag === this.peerTag) {
      // Action A: the peer restarted.
      if (this.state === 'shutdown-ack-sent') {
        this.output(
          [{ type: 'shutdown-ack' }, { type: 'error', causes: [{ cause: 'cookie-received-while-shutting-down' }] }],
          c.peerTag,
        );
        return;
      }
      this.clearTimers();
      this.setTcbFromCookie(c);
      this.control = [{ type: 'cookie-ack' }];
      this.sackNeeded = false;
      this.emit('restart');
      this.enterEstablished();
      return;
    }
    if (localMatch && !peerMatch) {
      // Action B: setup collision; the peer's tag from the cookie wins.
      this.setTcbFromCookie(c);
      this.control.push({ type: 'cookie-ack' });
      if (this.state !== 'established') this.enterEstablished();
      else this.flush();
      return;
    }
    if (localMatch && peerMatch) {
      // Action D: a duplicate (or our COOKIE ACK was lost).
      this.control.push({ type: 'cookie-ack' });
      if (this.state === 'cookie-wait' || this.state === 'cookie-echoed') this.enterEstablished();
      else this.flush();
    }
    // Action C (and anything else): silently discarded.
  }

  private onSack(s: Parameters<Outbound['onSack']>[0]): void {
    const out = this.outbound;
    if (!out || this.state === 'cookie-wait' || this.state === 'cookie-echoed') return;
    const now = this.host.clock.now();
    const r = out.onSack(s, now);
    if (r.stale) return;
    this.afterAck(r.cumulativeAdvanced, r.rtt, r.fastRetransmit);
  }

  private afterAck(advanced: boolean, rtt: number | undefined, fastRetransmit: boolean): void {
    const out = this.outbound!;
    if (rtt !== undefined) this.rto.measure(rtt);
    if (advanced) this.errorCount = 0;
    // §6.3.2 R2/R3.
    if (out.outstanding === 0) this.stopT3();
    else if (advanced) this.restartT3();
    if (fastRetransmit) this.transmit(true);
    this.progressShutdown();
  }

  private onHeartbeatAck(info: Buffer): void {
    if (info.length !== 16 || !info.subarray(8).equals(this.hbNonce)) return;
    const sent = info.readDoubleBE(0);
    this.hbOutstanding = false;
    this.errorCount = 0;
    this.rto.measure(this.host.clock.now() - sent);
  }

  private onError(causes: ErrorCause[]): void {
    const stale = causes.find((c) => c.cause === 'stale-cookie');
    if (stale && this.state === 'cookie-echoed') {
      // §5.2.6: start over with a new INIT asking for a longer cookie life.
      this.stopT1();
      this.state = 'closed';
      // The staleness is in microseconds; ask for twice as long again, in milliseconds.
      this.connect(Math.ceil(stale.staleness / 1000) * 2);
      return;
    }
    this.emit('peer-error', causes);
  }

  // ---------------------------------------------------------------- send

  /**
   * Queues one user message (§10.1 SEND) on a stream with a payload protocol identifier; it is
   * fragmented when larger than a packet. Throws when the association cannot take data.
   */
  send(streamId: number, ppid: number, payload: Buffer, opts: { unordered?: boolean } = {}): void {
    if (this.state !== 'established' && this.state !== 'cookie-echoed')
      throw new Error(`SCTP association to [${this.peer.address}]:${this.peerPort} is ${this.state}: cannot send`);
    const out = this.outbound!;
    if (!Number.isInteger(streamId) || streamId < 0 || streamId >= out.streamCount)
      throw new RangeError(`SCTP stream ${streamId} is not one of the ${out.streamCount} outbound streams`);
    if (payload.length === 0) throw new RangeError('SCTP: a message needs at least one octet (RFC 9260 §6.2)');
    out.enqueue(streamId, ppid >>> 0, payload, opts.unordered === true, this.maxFragment);
    if (this.state !== 'established') return;
    // §6.10 bundling: messages sent in one go share packets, the last, partial one leaving at the
    // end of the caller's turn (a microtask). A packet that is full leaves now, as TCP's Nagle
    // rule lets a full segment go: holding it back until a whole batch of answers has been
    // produced would hand the peer all of them at once and leave it idle meanwhile (bench n2: the
    // gNB and the AMF took turns, each busy about half the time).
    if (out.queuedChunkBytes >= this.maxPacket - COMMON_HEADER) this.transmit(false, true);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Octets queued and not yet sent. */
  get bufferedAmount(): number {
    return this.outbound?.queuedBytes ?? 0;
  }

  private flush(): void {
    if (this.state === 'closed') return;
    this.transmit(false);
  }

  /**
   * Sends control chunks, a SACK when due, retransmissions and new data, bundled (§6.10); with
   * `fullOnly`, only as many packets as the queued new data fills (the rest waits to be bundled).
   */
  private transmit(fastRetransmit: boolean, fullOnly = false): void {
    const clock = this.host.clock;
    const out = this.outbound;
    const dataAllowed =
      out !== undefined &&
      (this.state === 'established' || this.state === 'shutdown-pending' || this.state === 'shutdown-received');
    let ignoreCwnd = fastRetransmit;
    // §6.2: a delayed SACK rides on outgoing DATA rather than waiting for its timer.
    if (this.sackTimer && dataAllowed && (out.hasUnsent || out.retransmitCount > 0)) this.sackNeeded = true;
    for (;;) {
      if (fullOnly && out!.queuedChunkBytes < this.maxPacket - COMMON_HEADER) break;
      const chunks: SctpChunk[] = [];
      let size = COMMON_HEADER;
      while (this.control.length && size + chunkLength(this.control[0]) <= this.maxPacket) {
        const c = this.control.shift()!;
        size += (chunkLength(c) + 3) & ~3;
        chunks.push(c);
      }
      if (this.sackNeeded && this.inbound) {
        const s = this.inbound.sack();
        chunks.unshift(s);
        size += (chunkLength(s) + 3) & ~3;
        this.sackNeeded = false;
        this.packetsUnacked = 0;
        clock.clear(this.sackTimer);
        this.sackTimer = undefined;
      }
      let sentData = 0;
      if (dataAllowed && size < this.maxPacket) {
        const data = out.take(this.maxPacket - size, clock.now(), ignoreCwnd);
        ignoreCwnd = false;
        for (const d of data)
          chunks.push({
            type: 'data',
            tsn: d.tsn,
            streamId: d.streamId,
            ssn: d.ssn,
            ppid: d.ppid,
            unordered: d.unordered,
            beginning: d.beginning,
            ending: d.ending,
            userData: d.data,
          });
        sentData = data.length;
      }
      if (chunks.length === 0) break;
      this.output(chunks);
      if (sentData) {
        this.lastDataSent = clock.now();
        if (!this.t3) this.restartT3();
      } else if (this.control.length === 0) break;
    }
  }

  /** Encodes and sends one packet; the verification tag is the peer's unless given. */
  private output(chunks: SctpChunk[], vtag = this.peerTag): void {
    const pkt = encodePacket({ srcPort: this.host.localPort, dstPort: this.peerPort, verificationTag: vtag, chunks });
    this.host.transport.send(pkt, this.peer);
  }

  // ---------------------------------------------------------------- timers

  private restartT3(): void {
    const clock = this.host.clock;
    clock.clear(this.t3);
    this.t3 = clock.set(() => this.onT3(), this.rto.rto);
  }

  private stopT3(): void {
    this.host.clock.clear(this.t3);
    this.t3 = undefined;
  }

  /** §6.3.3: retransmission timeout. */
  private onT3(): void {
    this.t3 = undefined;
    const out = this.outbound;
    if (!out || out.outstanding === 0) return;
    if (++this.errorCount > this.options.maxRetransmissions) {
      this.terminate({ reason: 'timeout', what: 'DATA retransmissions' }, true);
      return;
    }
    out.onT3Expiry();
    this.rto.backOff();
    this.transmit(false);
    if (!this.t3) this.restartT3();
  }

  private onSackTimer(): void {
    this.sackTimer = undefined;
    this.sackNeeded = true;
    this.flush();
  }

  /** §8.3: HB.interval plus the RTO, jittered by ±50 % of the RTO. */
  private scheduleHeartbeat(): void {
    const iv = this.options.heartbeatInterval;
    if (!iv) return;
    const clock = this.host.clock;
    clock.clear(this.hbTimer);
    const rto = this.rto.rto;
    this.hbTimer = clock.set(() => this.onHeartbeatTimer(), iv + rto * (0.5 + Math.random()));
  }

  private onHeartbeatTimer(): void {
    this.hbTimer = undefined;
    if (this.state === 'closed') return;
    const now = this.host.clock.now();
    if (this.hbOutstanding && ++this.errorCount > this.options.maxRetransmissions) {
      this.terminate({ reason: 'timeout', what: 'HEARTBEAT' }, true);
      return;
    }
    if (this.hbOutstanding || now - this.lastDataSent >= this.options.heartbeatInterval) {
      const info = Buffer.allocUnsafe(16);
      info.writeDoubleBE(now, 0);
      this.hbNonce.copy(info, 8);
      this.hbOutstanding = true;
      this.control.push({ type: 'heartbeat', info });
      this.flush();
      if (this.hbOutstanding) this.rto.backOff();
    }
    this.scheduleHeartbeat();
  }

  // ---------------------------------------------------------------- shutdown and abort

  /**
   * Graceful shutdown (§9.2): queued data is delivered first. Resolves when the association is
   * closed, with how it closed.
   */
  close(): Promise<CloseReason> {
    if (this.closedWith) return Promise.resolve(this.closedWith);
    this.closing ??= new Promise((resolve) => this.once('close', resolve));
    if (this.state === 'cookie-wait' || this.state === 'cookie-echoed') this.abort();
    else if (this.state === 'established') {
      this.state = 'shutdown-pending';
      this.progressShutdown();
    }
    return this.closing;
  }

  private progressShutdown(): void {
    const out = this.outbound;
    if (!out?.idle) return;
    const clock = this.host.clock;
    if (this.state === 'shutdown-pending') {
      this.state = 'shutdown-sent';
      this.t2Count = 0;
      this.sendShutdown();
      // §9.2 T5-shutdown-guard: 5 × RTO.Max.
      this.t5 = clock.set(() => this.abort([]), 5 * this.options.rto.max);
    } else if (this.state === 'shutdown-received') {
      this.state = 'shutdown-ack-sent';
      this.t2Count = 0;
      this.sendShutdownAck();
    }
  }

  private sendShutdown(): void {
    this.stopT3();
    this.output([{ type: 'shutdown', cumulativeTsnAck: this.inbound!.cumulativeTsn }]);
    this.startT2(() => this.sendShutdown());
  }

  private sendShutdownAck(): void {
    this.stopT3();
    this.output([{ type: 'shutdown-ack' }]);
    this.startT2(() => this.sendShutdownAck());
  }

  private startT2(again: () => void): void {
    const clock = this.host.clock;
    clock.clear(this.t2);
    this.t2 = clock.set(() => {
      this.t2 = undefined;
      if (++this.t2Count > this.options.maxRetransmissions) {
        this.terminate({ reason: 'timeout', what: 'SHUTDOWN' }, true);
        return;
      }
      this.rto.backOff();
      again();
    }, this.rto.rto);
  }

  private onShutdown(cum: number): void {
    const out = this.outbound;
    if (!out) return;
    if (this.state === 'established' || this.state === 'shutdown-pending' || this.state === 'shutdown-received') {
      if (tsnLte(out.cumulativeAck, cum)) {
        const r = out.onCumulativeAck(cum, this.host.clock.now());
        if (!r.stale) this.afterAck(r.cumulativeAdvanced, r.rtt, r.fastRetransmit);
      }
      if (this.state === 'established' || this.state === 'shutdown-pending') {
        this.state = 'shutdown-received';
        this.progressShutdown();
      }
    } else if (this.state === 'shutdown-sent') {
      // §9.2: both sides sent SHUTDOWN.
      this.state = 'shutdown-ack-sent';
      this.host.clock.clear(this.t2);
      this.t2Count = 0;
      this.sendShutdownAck();
    }
  }

  private onShutdownAck(): void {
    if (this.state === 'shutdown-sent' || this.state === 'shutdown-ack-sent') {
      this.output([{ type: 'shutdown-complete', reflected: false }]);
      this.finishShutdown();
    } else if (this.state === 'cookie-wait' || this.state === 'cookie-echoed') {
      // §8.5.1 E / §9.2: a SHUTDOWN ACK during set-up is treated as out of the blue.
      this.output([{ type: 'shutdown-complete', reflected: true }], this.localTag);
    }
  }

  private finishShutdown(): void {
    this.terminate({ reason: 'shutdown' }, false);
  }

  /** §9.1: ABORT the association (User-Initiated Abort unless other causes are given). */
  abort(causes: ErrorCause[] = [{ cause: 'user-initiated-abort', reason: Buffer.alloc(0) }], vtag?: number): void {
    if (this.state === 'closed' && this.closedWith) return;
    const tag = vtag ?? this.peerTag;
    if (tag !== 0 || this.state !== 'cookie-wait') this.output([{ type: 'abort', reflected: false, causes }], tag);
    this.terminate({ reason: 'abort', causes }, false);
  }

  /** Ends the association: timers stop, waiters learn why, the endpoint forgets it. */
  private terminate(why: CloseReason, sendAbort = false): void {
    if (this.closedWith) return;
    if (sendAbort && this.peerTag) this.output([{ type: 'abort', reflected: false, causes: [] }]);
    this.state = 'closed';
    this.closedWith = why;
    this.clearTimers();
    this.host.removed(this);
    const r = this.ready;
    this.ready = undefined;
    r?.reject(closeError(why, this.peer));
    this.emit('close', why);
  }

  private clearTimers(): void {
    const c = this.host.clock;
    for (const t of [this.t1, this.t2, this.t3, this.t5, this.sackTimer, this.hbTimer]) c.clear(t);
    this.t1 = this.t2 = this.t3 = this.t5 = this.sackTimer = this.hbTimer = undefined;
  }

  get closeReason(): CloseReason | undefined {
    return this.closedWith;
  }
}

function closeError(why: CloseReason, peer: PeerAddress): Error {
  const detail =
    why.reason === 'timeout'
      ? `no answer to ${why.what}`
      : why.reason === 'peer-abort'
        ? `the peer sent ABORT${why.causes.length ? ` (${why.causes.map((c) => c.cause).join(', ')})` : ''}`
        : why.reason;
  return new Error(`SCTP association with [${peer.address}] failed: ${detail}`);
}
