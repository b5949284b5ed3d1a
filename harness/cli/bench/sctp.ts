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
 * Keeps WINDOW requests in flight until MS have passed, then waits for the last replies; returns
 * replies per second. `onReply` registers the reply handler.
 */
async function echoRate(send: (i: number) => void, onReply: (handler: () => void) => void): Promise<number> {
  let done = 0;
  const t0 = performance.now();
  const end = t0 + MS;
  await new Promise<void>((resolve) => {
    let inFlight = 0;
    onReply(() => {
      done++;
      inFlight--;
      if (performance.now() < end) {
        inFlight++;
        send(done);
      } else if (inFlight === 0) resolve();
    });
    for (let i = 0; i < WINDOW; i++) {
      inFlight++;
      send(i);
    }
  });
  return (done / (performance.now() - t0)) * 1000;
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

async function sctpEcho(transport: 'udp' | 'raw'): Promise<number> {
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
    `sctp (${SIZE}-octet messages echoed over one association on ::1, ${WINDOW} in flight, ${MS} ms each)\n`,
  );
  const baseline = await udpEcho();
  line('SCTP over UDP (RFC 6951) echo, msgs/s', await sctpEcho('udp'), 'UDP echo', baseline);
  if (process.getuid?.() === 0) line('SCTP over raw IPv6 echo, msgs/s', await sctpEcho('raw'), 'UDP echo', baseline);
  else process.stdout.write('SCTP over raw IPv6: skipped (raw sockets need root)\n');
  return true;
}
