import { Address4, Address6 } from 'ip-address';
import { loadNative, type UdpMmsg } from './native.ts';

/** Where a datagram came from, shaped as dgram's RemoteInfo (size is the datagram's length). */
export interface Remote {
  address: string;
  family: 'IPv4' | 'IPv6';
  port: number;
  size: number;
}

/**
 * The receive metadata (native/udp_mmsg.c), RX_STRIDE Int32 per datagram: datagram i of a batch
 * is rx[meta[i * RX_STRIDE + RX_OFFSET], + meta[i * RX_STRIDE]); meta[i * RX_STRIDE + RX_PORT] is
 * its source port. With UDP GRO (setGro) several datagrams may share one receive slot, so the
 * offset is always read from the metadata.
 */
export const RX_STRIDE = 10;
export const RX_PORT = 2;
export const RX_OFFSET = 8;

/** Datagram i of `count` is rx[rxOffset(meta, i), + rxLength(meta, i)). */
export type RawBatchHandler = (rx: Buffer, meta: Int32Array, count: number) => void;

export const rxLength = (meta: Int32Array, i: number): number => meta[i * RX_STRIDE];
export const rxOffset = (meta: Int32Array, i: number): number => meta[i * RX_STRIDE + RX_OFFSET];

export interface BatchSocketOptions {
  address: string;
  port: number;
  recvBufferSize?: number;
  sendBufferSize?: number;
  /**
   * Send as soon as this many datagrams are queued instead of at the end of the event-loop turn.
   * For request/response peers (SCTP associations carrying NGAP): the first answers of a batch
   * reach the peer while the rest is still being worked on, so both ends stay busy; left unset,
   * a turn's datagrams all leave together (fewest system calls, for bulk senders).
   */
  flushAt?: number;
}

/** Send slab and queue sizes: a burst larger than this waits for the next flush, or is dropped. */
const TX_SLAB = 4 * 1024 * 1024;
const TX_QUEUE = 8192;
/** The slab received datagrams are copied into for handlers that may keep them. */
const COPY_SLAB = 64 * 1024;
/** How long queued datagrams wait for room in the kernel's send buffer before they are dropped. */
const TX_RETRY_MS = 1;
const TX_GIVE_UP_MS = 2000;

/**
 * A UDP socket that receives with recvmmsg(2) and sends with sendmmsg(2) (native/udp_mmsg.c):
 * the datagrams of one readable event reach the handler together, and everything sent while they
 * are handled leaves in one system call at the end of the event-loop turn (setImmediate).
 * Datagrams handed to the handler are copies the handler may keep; data passed to send() is copied
 * into the send slab at once, so the caller may reuse its buffer (GTP encoders return views of one).
 */
export class BatchUdpSocket {
  /** Datagrams dropped because the send queue stayed full (the kernel buffer did not drain). */
  dropped = 0;
  readonly kind = 'mmsg' as const;

  private readonly rx: Buffer;
  private readonly rxMeta: Int32Array;
  private readonly tx: Buffer;
  private readonly txMeta: Int32Array;
  private queued = 0;
  private txUsed = 0;
  private flushScheduled = false;
  private blockedSince = 0;
  private handle: unknown;
  private localPort = 0;
  /** Per native peer index: the Remote handed to the handler (created once per peer). */
  private readonly remotes: (Remote | undefined)[] = [];
  /** address → port → native peer index, for sends. */
  private readonly peerIndex = new Map<string, Map<number, number>>();
  private readonly v6: boolean;
  private readonly flushAt: number;

  private constructor(
    private readonly native: UdpMmsg,
    private readonly options: BatchSocketOptions,
    private readonly onMessage: ((msg: Buffer, from: Remote) => void) | undefined,
    private readonly onRawBatch?: RawBatchHandler,
  ) {
    this.v6 = options.address.includes(':');
    this.flushAt = Math.max(1, Math.min(options.flushAt ?? TX_QUEUE, TX_QUEUE));
    const rxAb = new ArrayBuffer(native.RX_BATCH * native.RX_SLOT);
    this.rx = Buffer.from(rxAb);
    if (native.RX_META !== RX_STRIDE) throw new Error('the batched UDP addon is out of date: run npm install');
    this.rxMeta = new Int32Array(native.RX_ENTRIES * native.RX_META);
    const txAb = new ArrayBuffer(TX_SLAB);
    this.tx = Buffer.from(txAb);
    this.txMeta = new Int32Array(TX_QUEUE * native.TX_META);
    this.handle = native.open(
      this.v6 ? 6 : 4,
      options.address,
      options.port,
      options.recvBufferSize ?? 0,
      options.sendBufferSize ?? 0,
      rxAb,
      this.rxMeta.buffer,
      txAb,
      this.txMeta.buffer,
      (count: number) => this.receive(count),
    );
    this.localPort = native.localPort(this.handle);
  }

  /** Binds a socket; throws (with code EADDRINUSE, ...) as dgram's bind would reject. */
  static bind(options: BatchSocketOptions, onMessage: (msg: Buffer, from: Remote) => void): BatchUdpSocket {
    const native = loadNative();
    if (!native) throw new Error('the batched UDP addon is not built (npm install builds it with node-gyp)');
    return new BatchUdpSocket(native, options, onMessage);
  }

  /**
   * For sinks that must not allocate per packet: the handler reads the datagrams in place, in the
   * receive slab (datagram i at rxOffset(meta, i), rxLength(meta, i) octets), and must not keep them.
   */
  static bindRaw(options: BatchSocketOptions, onBatch: RawBatchHandler): BatchUdpSocket {
    const native = loadNative();
    if (!native) throw new Error('the batched UDP addon is not built (npm install builds it with node-gyp)');
    return new BatchUdpSocket(native, options, undefined, onBatch);
  }

  address(): { address: string; port: number } {
    return { address: this.options.address, port: this.localPort };
  }

  /** Queues one datagram to address:port; it leaves at the end of this event-loop turn. */
  send(data: Uint8Array, port: number, address: string): void {
    if (this.handle === undefined) return;
    const peer = this.peer(address, port);
    if (peer < 0) {
      // The peer table is full: this one goes alone, as dgram would send it.
      this.native.sendTo(this.handle, data, address, port);
      return;
    }
    const len = data.length;
    let at = this.reserve(len);
    if (at < 0) {
      this.flush();
      at = this.reserve(len);
    }
    if (at < 0) {
      this.dropped++;
      return;
    }
    this.tx.set(data, at);
    this.commit(at, len, peer);
    if (this.queued >= this.flushAt && this.flush() === 0) return;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.scheduledFlush);
    }
  }

  /**
   * For generators that write datagrams in place: room for one datagram of `len` octets to the
   * given peer (from peer()), as an offset into `sendSlab`, or -1 when the queue is full (call
   * flush(), and wait if it could not send everything). The caller fills the bytes, then commit().
   */
  reserve(len: number): number {
    if (this.queued === TX_QUEUE || this.txUsed + len > TX_SLAB) return -1;
    return this.txUsed;
  }

  commit(offset: number, len: number, peer: number): void {
    const m = this.queued * 3;
    this.txMeta[m] = offset;
    this.txMeta[m + 1] = len;
    this.txMeta[m + 2] = peer;
    this.txUsed = offset + len;
    this.queued++;
  }

  get sendSlab(): Buffer {
    return this.tx;
  }

  /** The native peer index of address:port (-1 when the table is full). */
  peer(address: string, port: number): number {
    let ports = this.peerIndex.get(address);
    if (!ports) {
      ports = new Map();
      this.peerIndex.set(address, ports);
    }
    let i = ports.get(port);
    if (i === undefined) {
      i = this.native.addPeer(this.handle, address, port) as number;
      if (i >= 0) ports.set(port, i);
    }
    return i;
  }

  /**
   * connect(2)s the socket to a peer from peer(), for a socket that only sends to it: its
   * datagrams then leave on the socket's cached route instead of a route lookup each (connected
   * send, as iperf3 does); a connected UDP socket receives from that peer alone. Throws the errno.
   */
  connect(peer: number): void {
    const r = this.native.connectPeer(this.handle, peer);
    if (r !== 0) throw new Error(`connect to peer ${this.native.peer(this.handle, peer)}: errno ${-r}`);
  }

  /**
   * UDP GSO (udp(7) UDP_SEGMENT, Linux 4.18+): from now on a run of queued datagrams of one length,
   * written one after the other (reserve/commit) to one peer, leaves as one message that the
   * kernel cuts into the same datagrams below the socket layer: one pass through the socket,
   * route and netfilter per run of up to 64. The receiver sees separate datagrams as before.
   * Returns whether the kernel supports it; a path that cannot segment (a segment over its MTU,
   * no checksum offload) turns it off again by itself and sends one by one.
   */
  setGso(on: boolean): boolean {
    if (this.handle === undefined) return false;
    return this.native.setGso(this.handle, on);
  }

  /**
   * UDP GRO (udp(7) UDP_GRO, Linux 5.0+): the kernel may coalesce a train of equal datagrams from
   * one peer into one receive; the handlers still get them one by one (the metadata lists each).
   * Fewer trips through the socket layer per datagram on a busy receiver. Returns whether the
   * kernel supports it.
   */
  setGro(on: boolean): boolean {
    if (this.handle === undefined) return false;
    return this.native.setGro(this.handle, on);
  }

  /** Hands the queue to the kernel; returns how many datagrams are still queued (buffer full). */
  flush(): number {
    if (this.handle === undefined || this.queued === 0) return 0;
    const sent = this.native.flush(this.handle, this.queued) as number;
    if (sent === this.queued) {
      this.queued = 0;
      this.txUsed = 0;
      this.blockedSince = 0;
      return 0;
    }
    // The kernel's send buffer is full: keep the rest, in order, for the next try.
    const left = this.queued - sent;
    const start = this.txMeta[sent * 3];
    this.tx.copy(this.tx, 0, start, this.txUsed);
    for (let j = 0; j < left; j++) {
      const from = (sent + j) * 3;
      this.txMeta[j * 3] = this.txMeta[from] - start;
      this.txMeta[j * 3 + 1] = this.txMeta[from + 1];
      this.txMeta[j * 3 + 2] = this.txMeta[from + 2];
    }
    this.queued = left;
    this.txUsed -= start;
    return left;
  }

  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    const left = this.flush();
    if (left === 0) return;
    const now = Date.now();
    if (!this.blockedSince) this.blockedSince = now;
    if (now - this.blockedSince > TX_GIVE_UP_MS) {
      // Nothing drained for seconds: drop rather than hold memory and time forever (UDP may drop).
      this.dropped += left;
      this.queued = 0;
      this.txUsed = 0;
      this.blockedSince = 0;
      return;
    }
    this.flushScheduled = true;
    setTimeout(this.scheduledFlush, TX_RETRY_MS);
  };

  private receive(count: number): void {
    if (count === 0) {
      // The batch and everything it set off have run: send their datagrams together now.
      if (this.queued) this.flush();
      return;
    }
    const meta = this.rxMeta;
    if (this.onRawBatch) {
      this.onRawBatch(this.rx, meta, count);
      return;
    }
    for (let i = 0; i < count; i++) {
      const m = i * RX_STRIDE;
      const len = meta[m];
      const at = meta[m + RX_OFFSET];
      const msg = this.copyOut(at, len);
      const from = this.remote(meta[m + 1], m, len);
      this.onMessage!(msg, from);
      if (this.handle === undefined) return;
    }
  }

  /**
   * A copy of rx[at, at + len) the handler may keep: a view of a copy slab of our own, as Node's
   * Buffer pool hands out views of 8 KiB pools, but one slab for hundreds of datagrams (a new
   * ArrayBuffer every ~40 signalling messages was a visible share of a stand-in's time). A kept
   * view keeps its slab alive, as a kept pooled Buffer does. A datagram larger than an eighth of
   * the slab gets a buffer of its own.
   */
  private copyOut(at: number, len: number): Buffer {
    if (len > COPY_SLAB >>> 3) return Buffer.from(this.rx.subarray(at, at + len));
    if (this.copyAt + len > COPY_SLAB) {
      this.copySlab = Buffer.allocUnsafeSlow(COPY_SLAB);
      this.copyAt = 0;
    }
    const start = this.copyAt;
    // Uint8Array's set is a plain memcpy; Buffer's copy() goes through more JS for a few hundred octets.
    this.copySlab.set(this.rx.subarray(at, at + len), start);
    // 8-octet alignment for the next one, as Node's pool keeps.
    this.copyAt = (start + len + 7) & ~7;
    return this.copySlab.subarray(start, start + len);
  }

  private copySlab = Buffer.allocUnsafeSlow(0);
  private copyAt = COPY_SLAB;

  /** For raw handlers: where datagram i of the batch being handled came from. */
  source(i: number): Remote {
    const m = i * RX_STRIDE;
    return this.remote(this.rxMeta[m + 1], m, this.rxMeta[m]);
  }

  private remote(peer: number, m: number, size: number): Remote {
    const meta = this.rxMeta;
    const cached = peer >= 0 ? this.remotes[peer] : undefined;
    if (cached && cached.size === size) return cached;
    const port = meta[m + 2];
    const family = meta[m + 3] === 6 ? 'IPv6' : 'IPv4';
    const address =
      cached?.address ?? (peer >= 0 ? (this.native.peer(this.handle, peer) as string) : formatAddress(meta, m, family));
    const r: Remote = { address, family, port, size };
    if (peer >= 0) this.remotes[peer] = r;
    return r;
  }

  /** Sends what is queued, stops receiving and closes the socket. */
  async close(): Promise<void> {
    if (this.handle === undefined) return;
    this.flush();
    this.native.close(this.handle);
    this.handle = undefined;
  }
}

/** The source address of a datagram whose peer did not fit the table, from the metadata bytes. */
function formatAddress(meta: Int32Array, m: number, family: 'IPv4' | 'IPv6'): string {
  const bytes = new Uint8Array(meta.buffer, meta.byteOffset + (m + 4) * 4, family === 'IPv6' ? 16 : 4);
  if (family === 'IPv4') return Address4.fromHex(Buffer.from(bytes).toString('hex')).correctForm();
  return Address6.fromByteArray([...bytes]).correctForm();
}
