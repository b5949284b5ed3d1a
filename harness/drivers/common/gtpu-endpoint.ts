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
  onPacket(listener: (packet: Buffer) => void): void;
}

export class GtpuEndpoint {
  private socket?: Socket;
  private local?: Endpoint;
  private readonly listeners = new Map<number, (packet: Buffer) => void>();
  private readonly view: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: -1 };
  /** Non-G-PDU messages received (Error Indication, End Marker, Echo), decoded, for checks. */
  readonly signalling: gtpu.GtpuMessage[] = [];

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

  /** A bearer between our TEID and the peer's TEID at `remote`. */
  bearer(localTeid: number, remoteTeid: number, remote: Endpoint): Bearer {
    return {
      send: (packet) => this.sendGpdu(remoteTeid, remote, packet),
      onPacket: (listener) => void this.listeners.set(localTeid, listener),
    };
  }

  /** Sends raw GTP-U octets (for malformed-input and unknown-TEID scenarios). */
  sendRaw(bytes: Buffer, remote: Endpoint): void {
    if (!this.socket || !this.local) throw new Error('GTP-U endpoint is not open');
    if (this.limiter) this.limiter.submit(() => this.sendNow(bytes, remote));
    else this.sendNow(bytes, remote);
  }

  private sendNow(bytes: Buffer, remote: Endpoint): void {
    if (!this.socket || !this.local) return;
    this.recorder.udp(this.local, remote, bytes);
    this.socket.send(bytes, remote.port, remote.address);
  }

  private sendGpdu(teid: number, remote: Endpoint, inner: Buffer): void {
    const buf = Buffer.allocUnsafe(12 + inner.length);
    inner.copy(buf, 12);
    const start = gtpu.writeGpduHeader(buf, 12, teid, inner.length);
    this.sendRaw(buf.subarray(start), remote);
  }

  private receive(msg: Buffer, from: Endpoint): void {
    this.recorder.udp(from, this.local!, msg);
    if (!gtpu.readGpduHeader(msg, 0, msg.length, this.view)) return;
    if (this.view.messageType !== 255) {
      try {
        this.signalling.push(gtpu.decode(msg));
      } catch {
        // Malformed signalling from the peer is visible in the pcap.
      }
      return;
    }
    this.listeners.get(this.view.teid)?.(
      msg.subarray(this.view.payloadOffset, this.view.payloadOffset + this.view.payloadLength),
    );
  }
}
