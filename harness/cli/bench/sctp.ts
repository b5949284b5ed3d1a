import { createSocket } from 'node:dgram';
import { PPID, sctpConnect, sctpListen } from '../../net/sctp/index.ts';
import { line } from './measure.ts';

/**
 * `bench sctp`: NGAP-sized messages (120 octets, PPID 60) echoed over one userspace SCTP
 * association on loopback, 64 in flight, over UDP encapsulation (RFC 6951) and, as root, raw
 * IPv6; the baseline is the same echo loop over two plain UDP sockets in the same process and
 * run. Both ends run in this process, so the figure is the whole stack's cost, both sides.
 */
const WINDOW = 64;
const SIZE = 120;
const MS = Number(process.env.V6H_BENCH_MS ?? 2000);

/**
 * Keeps WINDOW requests in flight for a warm-up of MS (so the JIT has compiled both stacks' hot
 * paths), then counts replies for MS and waits for the last ones; returns replies per second.
 * `onReply` registers the reply handler.
 */
async function echoRate(send: (i: number) => void, onReply: (handler: () => void) => void): Promise<number> {
  let sent = 0;
  const measureFrom = performance.now() + MS;
  const end = measureFrom + MS;
  let counted = 0;
  let t0 = 0;
  await new Promise<void>((resolve) => {
    let inFlight = 0;
    onReply(() => {
      inFlight--;
      const now = performance.now();
      if (now >= measureFrom) {
        if (counted++ === 0) t0 = now;
      }
      if (now < end) {
        inFlight++;
        send(sent++);
      } else if (inFlight === 0) resolve();
    });
    for (let i = 0; i < WINDOW; i++) {
      inFlight++;
      send(sent++);
    }
  });
  return (counted / (performance.now() - t0)) * 1000;
}

async function udpEcho(): Promise<number> {
  const a = createSocket('udp6');
  const b = createSocket('udp6');
  await new Promise<void>((r) => a.bind(0, '::1', () => r()));
  await new Promise<void>((r) => b.bind(0, '::1', () => r()));
  b.on('message', (m, rinfo) => b.send(m, rinfo.port, rinfo.address));
  const port = b.address().port;
  const payload = Buffer.alloc(SIZE, 7);
  const rate = await echoRate(
    () => a.send(payload, port, '::1'),
    (h) => a.on('message', h),
  );
  a.close();
  b.close();
  return rate;
}

export async function sctpEcho(transport: 'udp' | 'raw'): Promise<number> {
  const server = await sctpListen({ transport, address: '::1', port: 38412, udpPort: 0 });
  server.on('association', (s) => s.on('message', (m) => s.send(m.streamId, m.ppid, m.payload)));
  const a = await sctpConnect({
    transport,
    address: '::1',
    port: 38412,
    peerUdpPort: server.udpPort,
    heartbeatInterval: 0,
  });
  const payload = Buffer.alloc(SIZE, 7);
  const rate = await echoRate(
    (i) => a.send(i % 2, PPID.NGAP, payload),
    (h) => a.on('message', h),
  );
  await a.close();
  await server.close();
  return rate;
}

export async function benchSctp(): Promise<boolean> {
  process.stdout.write(
    `sctp (${SIZE}-octet messages echoed over one association on ::1, ${WINDOW} in flight, ${MS} ms each after ${MS} ms of warm-up)\n`,
  );
  const udp = await sctpEcho('udp');
  const rawRate = process.getuid?.() === 0 ? await sctpEcho('raw') : undefined;
  const baseline = await udpEcho();
  line('SCTP over UDP (RFC 6951) echo, msgs/s', udp, 'UDP echo', baseline);
  if (rawRate !== undefined) line('SCTP over raw IPv6 echo, msgs/s', rawRate, 'UDP echo', baseline);
  else process.stdout.write('SCTP over raw IPv6: skipped (raw sockets need root)\n');
  return true;
}
