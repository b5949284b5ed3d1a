import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { encodeIpPacket, ipPacket, TCP_FLAGS, tcpSegment } from '../../harness/protocol/ip/index.ts';

/**
 * A TCP relay on loopback that keeps what passes each way, for an oracle over a TCP protocol the
 * harness speaks through the kernel (HTTP/2 on N11): `packets()` rebuilds the conversation as IPv6
 * TCP segments (handshake, then every chunk in the order it was relayed, sequence and
 * acknowledgement numbers consistent) for tshark to dissect.
 */
export interface Relayed {
  fromClient: boolean;
  data: Buffer;
}

export class TcpRecorder {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  readonly chunks: Relayed[] = [];
  clientPort = 0;

  constructor(target: { host: string; port: number }) {
    this.server = createServer((client) => {
      this.clientPort = client.remotePort ?? 0;
      const upstream = createConnection({ host: target.host, port: target.port });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (d: Buffer) => {
        this.chunks.push({ fromClient: true, data: Buffer.from(d) });
        upstream.write(d);
      });
      upstream.on('data', (d: Buffer) => {
        this.chunks.push({ fromClient: false, data: Buffer.from(d) });
        client.write(d);
      });
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '::1', () => {
        const a = this.server.address();
        if (!a || typeof a === 'string') return reject(new Error('no address'));
        this.port = a.port;
        resolve(a.port);
      });
    });
  }

  /** The port it listens on (kept after close, for `packets()`). */
  port = 0;

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The conversation as IPv6 packets between [::1]:clientPort and [::1]:port. */
  packets(): Buffer[] {
    const c = { address: '::1', port: this.clientPort || 40000 };
    const s = { address: '::1', port: this.port };
    let cSeq = 1000;
    let sSeq = 5000;
    const seg = (fromClient: boolean, flags: number, data?: Buffer) => {
      const [a, b] = fromClient ? [c, s] : [s, c];
      const p = encodeIpPacket(
        ipPacket(
          a.address,
          b.address,
          tcpSegment({
            srcPort: a.port,
            dstPort: b.port,
            seq: fromClient ? cSeq : sSeq,
            ack: fromClient ? sSeq : cSeq,
            flags,
            ...(data ? { data } : {}),
          }),
        ),
      );
      const n = (data?.length ?? 0) + (flags & TCP_FLAGS.SYN ? 1 : 0);
      if (fromClient) cSeq += n;
      else sSeq += n;
      return p;
    };
    const out = [seg(true, TCP_FLAGS.SYN), seg(false, TCP_FLAGS.SYN | TCP_FLAGS.ACK), seg(true, TCP_FLAGS.ACK)];
    for (const ch of this.chunks) out.push(seg(ch.fromClient, TCP_FLAGS.PSH | TCP_FLAGS.ACK, ch.data));
    return out;
  }
}
