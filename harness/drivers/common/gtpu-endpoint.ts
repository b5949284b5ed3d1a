import { createSocket, type Socket } from 'node:dgram';
import * as gtpu from '../../protocol/gtpu/index.ts';
import type { PacketRecorder } from '../../net/pcap/index.ts';
import type { Endpoint } from './udp-peer.ts';
import { SendQueue, type SendLimit } from './rate-limit.ts';

/**
 * Socket buffers of 4 MiB (the kernel caps them at net.core.rmem_max/wmem_max): at thousands of
 * messages a second the default ~200 KiB holds under two hundred datagrams, and UDP drops the rest.
 */
const RECV_BUFFER = 4 * 1024 * 1024;

/**
 * A driver's GTP-U endpoint (TS 29.281): one UDP socket, G-PDUs out to the peer's TEID, G-PDUs in
 * dispatched by our TEID, all recorded. The registered port is 2152 (§4.4.2); in-process labs
 * pass 0 so several endpoints can share a loopback address.
 */
/**
 * The port a driver's GTP-U receives G-PDUs on, given the peer element: 2152 toward a real element,
 * which sends G-PDUs to the registered port whatever port we send from (TS 29.281 §4.4.2.3: UDP
 * destination port 2152); any free port toward our stand-ins, which answer to the sender's port so
 * that several endpoints share loopback in-process.
 */
export function receivePortFor(peer: { kind?: 'standin' | 'external' | 'real' }): number {
  return peer.kind === undefined || peer.kind === 'standin' ? 0 : gtpu.GTPU_PORT;
}

export interface Bearer {
  send(packet: Buffer): void;
  /** `qfi`: the QFI of the packet's PDU Session Container (TS 38.415 §5.5.2), -1 without one. */
  onPacket(listener: (packet: Buffer, qfi: number) => void): void;
}

export class GtpuEndpoint {
  private socket?: Socket;
  private local?: Endpoint;
  private readonly listeners = new Map<number, (packet: Buffer, qfi: number) => void>();
  private readonly view: gtpu.GpduView = {
    teid: 0,
    messageType: 0,
    payloadOffset: 0,
    payloadLength: 0,
    sequence: -1,
    qfi: -1,
    pduType: -1,
  };
  /** Non-G-PDU messages received (Error Indication, End Marker, Echo), decoded, for checks. */
  readonly signalling: gtpu.GtpuMessage[] = [];
  private readonly signallingWaiters = new Set<(m: gtpu.GtpuMessage) => void>();

  private readonly limiter?: SendQueue;

  /** `limit`: a ceiling on G-PDUs sent (toward a real element, CLOUD-HARM). */
  constructor(
    private readonly recorder: PacketRecorder,
    limit?: SendLimit,
  ) {
    if (limit) this.limiter = new SendQueue(limit);
  }

  get endpoint(): Endpoint {
    if (!this.local) throw new Error('GTP-U endpoint is not open');
    return this.local;
  }

  async open(address: string, port = gtpu.GTPU_PORT): Promise<Endpoint> {
    const v6 = address.includes(':');
    const s = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6, recvBufferSize: RECV_BUFFER });
    await new Promise<void>((resolve, reject) => {
      s.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'EADDRINUSE' && port !== 0
            ? new Error(
                `GTP-U port ${port} on [${address}] is taken: a real element sends G-PDUs to ${port} (TS 29.281 §4.4.2.3), so the driver must receive there`,
              )
            : e,
        ),
      );
      s.bind(port, address, () => {
        s.off('error', reject);
        resolve();
      });
    });
    s.on('error', () => {});
    const a = s.address();
    this.local = { address: a.address, port: a.port };
    s.on('message', (msg, rinfo) => this.receive(msg, { address: rinfo.address, port: rinfo.port }));
    this.socket = s;
    return this.local;
  }

  async close(): Promise<void> {
    this.limiter?.clear();
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /**
   * A bearer between our TEID and the peer's TEID at `remote`. With `qfi` (N3, TS 29.281
   * §5.2.2.7) uplink G-PDUs carry a PDU Session Container (UL PDU SESSION INFORMATION) with it.
   */
  bearer(localTeid: number, remoteTeid: number, remote: Endpoint, opts: { qfi?: number } = {}): Bearer {
    return {
      send: (packet) => this.sendGpdu(remoteTeid, remote, packet, opts.qfi),
      onPacket: (listener) => void this.listeners.set(localTeid, listener),
    };
  }

  /** Stops delivering packets of a TEID (its bearer was released). */
  release(localTeid: number): void {
    this.listeners.delete(localTeid);
  }

  /** Sends raw GTP-U octets (for malformed-input and unknown-TEID scenarios). */
  sendRaw(bytes: Buffer, remote: Endpoint): void {
    if (!this.socket || !this.local) throw new Error('GTP-U endpoint is not open');
    if (this.limiter) this.limiter.submit(() => this.sendNow(bytes, remote));
    else this.sendNow(bytes, remote);
  }

  /**
   * The first signalling message of `type` received from index `since` of `signalling` on, or
   * undefined after `timeoutMs` (or when `signal` aborts): an event to wait for, not a fixed sleep.
   */
  waitForSignalling(
    type: gtpu.GtpuMessage['type'],
    since: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<gtpu.GtpuMessage | undefined> {
    const seen = this.signalling.slice(since).find((m) => m.type === type);
    if (seen || signal?.aborted) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const done = (m: gtpu.GtpuMessage | undefined) => {
        clearTimeout(timer);
        this.signallingWaiters.delete(waiter);
        signal?.removeEventListener('abort', abort);
        resolve(m);
      };
      const waiter = (m: gtpu.GtpuMessage) => {
        if (m.type === type) done(m);
      };
      const abort = () => done(undefined);
      const timer = setTimeout(abort, timeoutMs);
      this.signallingWaiters.add(waiter);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }

  private sendNow(bytes: Buffer, remote: Endpoint): void {
    if (!this.socket || !this.local) return;
    this.recorder.udp(this.local, remote, bytes);
    this.socket.send(bytes, remote.port, remote.address);
  }

  private sendGpdu(teid: number, remote: Endpoint, inner: Buffer, qfi?: number): void {
    const buf = Buffer.allocUnsafe(16 + inner.length);
    inner.copy(buf, 16);
    const start =
      qfi === undefined
        ? gtpu.writeGpduHeader(buf, 16, teid, inner.length)
        : gtpu.writeGpduHeaderWithQfi(buf, 16, teid, inner.length, 1, qfi);
    this.sendRaw(buf.subarray(start), remote);
  }

  private receive(msg: Buffer, from: Endpoint): void {
    this.recorder.udp(from, this.local!, msg);
    if (!gtpu.readGpduHeader(msg, 0, msg.length, this.view)) return;
    if (this.view.messageType !== 255) {
      try {
        const m = gtpu.decode(msg);
        this.signalling.push(m);
        for (const w of this.signallingWaiters) w(m);
      } catch {
        // Malformed signalling from the peer is visible in the pcap.
      }
      return;
    }
    this.listeners.get(this.view.teid)?.(
      msg.subarray(this.view.payloadOffset, this.view.payloadOffset + this.view.payloadLength),
      this.view.qfi ?? -1,
    );
  }
}
