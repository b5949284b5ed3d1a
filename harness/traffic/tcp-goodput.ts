import { connect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ReceiveWindow } from './receive-window.ts';

/**
 * The harness's own TCP goodput meter. "Mbit/s" here is goodput: TCP payload octets delivered to
 * the receiving application × 8 / seconds / 10^6, measured at the receiver over its window
 * (receive-window.ts: connection set-up and slow start excluded). It is the figure iperf3 reports
 * for TCP; a shaper's rate counts more (every segment's headers, see shaped-rate.ts).
 *
 * The receiver opens the connection and the sender listens (as with iperf3 -R): Node reads into
 * a buffer the application owns (net.connect's `onread`) only on sockets it connected itself, and
 * that is what keeps the receiver free of an allocation per read. Which end opened the connection
 * does not change the bytes on the path. Both ends move TCP_BLOCK octets per call, iperf3's
 * default block for TCP, so a comparison with iperf3 compares like with like.
 */
export const TCP_BLOCK = 128 * 1024;

export interface TcpGoodput {
  mbps: number;
  bytes: number;
  seconds: number;
  /** Reads the receiver made in the window (each one a chunk of the byte stream). */
  reads: number;
  idleAtEndMs: number;
}

/** The receiving end: connects, counts what arrives, and resets the connection when its window has closed (how the sender learns to stop). */
export async function receiveTcpGoodput(o: {
  host: string;
  port: number;
  warmupMs: number;
  durationMs: number;
}): Promise<TcpGoodput> {
  const w = new ReceiveWindow(o.warmupMs, o.durationMs);
  const socket = connect({
    host: o.host,
    port: o.port,
    onread: {
      buffer: Buffer.allocUnsafe(TCP_BLOCK),
      callback: (n: number) => {
        w.count(n, 1);
        return true;
      },
    },
  });
  const failed = new Promise<never>((_, reject) => socket.once('error', reject));
  failed.catch(() => {}); // an error after the window closed changes nothing
  const r = await Promise.race([w.done, failed]);
  socket.on('error', () => {});
  socket.resetAndDestroy();
  return {
    mbps: r.seconds > 0 ? (r.bytes * 8) / r.seconds / 1e6 : 0,
    bytes: r.bytes,
    seconds: r.seconds,
    reads: r.packets,
    idleAtEndMs: r.idleAtEndMs,
  };
}

export interface TcpSendResult {
  /** Octets the socket accepted (some may still have been queued when the receiver reset). */
  bytes: number;
  seconds: number;
}

/**
 * The sending end: listens, and to the first connection writes the same preallocated block again
 * and again as fast as the socket takes it (a goodput meter does not care what the payload
 * says), until the receiver resets the connection or `maxMs` has passed.
 */
export class TcpGoodputSender {
  private server?: Server;
  private resolve!: (r: TcpSendResult) => void;
  private readonly done = new Promise<TcpSendResult>((r) => (this.resolve = r));

  constructor(private readonly maxMs: number) {}

  /** Listens on address:port (0 = any free port) and returns the port. */
  async listen(address: string, port = 0): Promise<number> {
    const server = createServer((socket) => {
      server.close(); // one connection per measurement
      void this.send(socket).then(this.resolve);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address, port, ipv6Only: address.includes(':') }, () => resolve());
    });
    return (server.address() as { port: number }).port;
  }

  result(): Promise<TcpSendResult> {
    return this.done;
  }

  private async send(socket: Socket): Promise<TcpSendResult> {
    const block = Buffer.alloc(TCP_BLOCK, 0x5a);
    const started = performance.now();
    let bytes = 0;
    let open = true;
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) =>
      socket.once('close', () => {
        open = false;
        resolve();
      }),
    );
    const drained = () => new Promise<void>((resolve) => socket.once('drain', resolve));
    const timer = setTimeout(() => socket.destroy(), this.maxMs);
    while (open) {
      // write() queues the block even when it answers false (then: wait for 'drain').
      let more = true;
      while (open && more) {
        more = socket.write(block);
        bytes += TCP_BLOCK;
      }
      if (open) await Promise.race([drained(), closed]);
    }
    clearTimeout(timer);
    return { bytes, seconds: (performance.now() - started) / 1000 };
  }

  close(): void {
    this.server?.close();
  }
}
