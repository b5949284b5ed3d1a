import { z } from 'zod';
import { BatchUdpSocket } from '../net/udp-socket/index.ts';
import { receiveTcpGoodput, TcpGoodputSender } from './tcp-goodput.ts';
import { sendUdpStream, UDP_SOCKET_BUFFER, UdpCounter } from './udp-throughput.ts';

/**
 * One end of a throughput measurement as a process of its own, so it can run in another network
 * namespace (`ip netns exec NS node --import tsx meter-process.ts '<json>'`, see meter-child.ts).
 * It prints one JSON line `{"ready":{"port":N}}` once listening (or started) and one
 * `{"result":{...}}` (or `{"error":"..."}`) at the end, then exits.
 */
const window = { warmupMs: z.number().int().min(0), durationMs: z.number().int().positive() };
export const meterOptions = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('tcp-send'), bind: z.string(), maxMs: z.number().int().positive() }),
  z.object({ mode: z.literal('tcp-receive'), host: z.string(), port: z.number().int(), ...window }),
  z.object({ mode: z.literal('udp-receive'), bind: z.string(), ...window }),
  z.object({
    mode: z.literal('udp-send'),
    bind: z.string(),
    host: z.string(),
    port: z.number().int(),
    payloadLength: z.number().int().min(4).max(65507),
    offeredMbps: z.number().min(0),
    durationMs: z.number().int().positive(),
    batch: z.number().int().positive().optional(),
  }),
]);
export type MeterOptions = z.infer<typeof meterOptions>;

const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function run(o: MeterOptions): Promise<object> {
  switch (o.mode) {
    case 'tcp-send': {
      const s = new TcpGoodputSender(o.maxMs);
      say({ ready: { port: await s.listen(o.bind) } });
      return s.result();
    }
    case 'tcp-receive':
      say({ ready: {} });
      return receiveTcpGoodput(o);
    case 'udp-receive': {
      const r = new UdpCounter(o.warmupMs, o.durationMs);
      say({ ready: { port: r.listen(o.bind) } });
      const result = await r.result();
      await r.close();
      return result;
    }
    case 'udp-send': {
      const socket = BatchUdpSocket.bind({ address: o.bind, port: 0, sendBufferSize: UDP_SOCKET_BUFFER }, () => {});
      say({ ready: { port: socket.address().port } });
      const result = await sendUdpStream({
        socket,
        to: { address: o.host, port: o.port },
        payloadLength: o.payloadLength,
        offeredMbps: o.offeredMbps,
        durationMs: o.durationMs,
        batch: o.batch,
      });
      await socket.close();
      return { ...result, dropped: socket.dropped };
    }
  }
}

/** A receiver that never sees traffic (no route, sender dead) says so instead of waiting forever. */
function deadline(o: MeterOptions): Promise<never> {
  const ms = ('warmupMs' in o ? o.warmupMs + o.durationMs : 'maxMs' in o ? o.maxMs : o.durationMs) + 15_000;
  return new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`no result after ${ms} ms (did any traffic arrive?)`)), ms).unref(),
  );
}

try {
  const options = meterOptions.parse(JSON.parse(process.argv[2] ?? '{}'));
  say({ result: await Promise.race([run(options), deadline(options)]) });
  process.exit(0);
} catch (e) {
  say({ error: (e as Error).message });
  process.exit(1);
}
