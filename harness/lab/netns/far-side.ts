import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { z } from 'zod';

/**
 * The harness's own internet-side host behind a firewall under test, as a process in the server's
 * network namespace (`ip netns exec NS node --import tsx far-side.ts '<json>'`): TCP and UDP echo
 * (RFC 862) on every declared service port, both families; UDP discard (RFC 863) on port 9, with
 * the octets counted; and, on request (JSON lines on stdin), a TCP connection or a UDP datagram
 * toward the UE side, as a host on the internet would try (firewall-unsolicited-inbound).
 * It prints `{"ready":true}` once every service listens; every request gets one answer line.
 */
const options = z.object({
  services: z.array(z.object({ protocol: z.enum(['tcp', 'udp']), port: z.number().int().min(1).max(65535) })),
});
const request = z.discriminatedUnion('op', [
  z.object({
    id: z.number(),
    op: z.literal('connect'),
    protocol: z.enum(['tcp', 'udp']),
    address: z.string(),
    port: z.number().int(),
    timeoutMs: z.number().int().positive(),
  }),
  z.object({ id: z.number(), op: z.literal('discarded') }),
]);

const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
let discarded = 0;

async function listen(services: z.infer<typeof options>['services']): Promise<void> {
  const all = [...new Map(services.map((s) => [`${s.protocol}:${s.port}`, s])).values()];
  for (const s of all) {
    if (s.protocol === 'tcp') {
      const server = createServer((sock) => {
        sock.on('error', () => undefined);
        sock.pipe(sock);
      });
      await new Promise<void>((r) => server.listen({ port: s.port, host: '::', ipv6Only: false }, () => r()));
    } else {
      const sock = createSocket({ type: 'udp6', ipv6Only: false });
      sock.on('message', (m, from) => sock.send(m, from.port, from.address));
      await new Promise<void>((r) => sock.bind(s.port, '::', () => r()));
    }
  }
  const discard = createSocket({ type: 'udp6', ipv6Only: false });
  discard.on('message', (m) => {
    discarded += m.length;
  });
  await new Promise<void>((r) => discard.bind(9, '::', () => r()));
}

function tryConnect(protocol: 'tcp' | 'udp', address: string, port: number, timeoutMs: number): Promise<string> {
  if (protocol === 'udp') {
    const v6 = address.includes(':');
    const s = createSocket(v6 ? 'udp6' : 'udp4');
    return new Promise((resolve) =>
      s.send(Buffer.from('v6harness-from-the-internet\n'), port, address, () => {
        s.close();
        resolve('sent');
      }),
    );
  }
  return new Promise((resolve) => {
    const sock = connect({ host: address, port, timeout: timeoutMs });
    const done = (r: string) => {
      sock.destroy();
      resolve(r);
    };
    sock.once('connect', () => done('connected'));
    sock.once('timeout', () => done('timeout'));
    sock.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : 'timeout'));
  });
}

try {
  await listen(options.parse(JSON.parse(process.argv[2] ?? '{}')).services);
  say({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const r = request.parse(JSON.parse(line));
    if (r.op === 'discarded') say({ id: r.id, bytes: discarded });
    else say({ id: r.id, result: await tryConnect(r.protocol, r.address, r.port, r.timeoutMs) });
  }
  process.exit(0);
} catch (e) {
  say({ error: (e as Error).message });
  process.exit(1);
}
