import { randomBytes } from 'node:crypto';
import { sctpConnect, sctpListen, type SctpMessage } from '../../harness/net/sctp/index.ts';

/**
 * One end of an SCTP association run inside a network namespace by
 * test/integration/sctp-netns.test.ts (`ip netns exec NS node --import tsx this-file JSON`).
 * server: an echo server; prints `ready` and runs until killed.
 * client: sends `count` messages (several streams, ordered and unordered, some fragmented),
 * waits for every echo, shuts down, and prints one JSON line with what it saw.
 */
interface PeerArgs {
  role: 'server' | 'client';
  transport: 'raw' | 'udp';
  address: string;
  port: number;
  udpPort?: number;
  count?: number;
}

const args = JSON.parse(process.argv[2]) as PeerArgs;
const fast = { rto: { initial: 300, min: 100, max: 2000 }, maxRetransmissions: 40, heartbeatInterval: 5000 };

if (args.role === 'server') {
  const server = await sctpListen({
    transport: args.transport,
    address: args.address,
    port: args.port,
    udpPort: args.udpPort,
    ...fast,
  });
  server.on('association', (a) =>
    a.on('message', (m) => a.send(m.streamId, m.ppid, m.payload, { unordered: m.unordered })),
  );
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
} else {
  const t0 = performance.now();
  const a = await sctpConnect({
    transport: args.transport,
    address: args.address,
    port: args.port,
    peerUdpPort: args.udpPort,
    ...fast,
    maxInitRetransmits: 20,
  });
  const n = args.count ?? 300;
  const sent = Array.from({ length: n }, (_, i) => {
    const payload = randomBytes(i % 10 === 0 ? 4000 : 8 + (i % 200));
    payload.writeUInt32BE(i, 0);
    return { sid: i % 5, unordered: i % 7 === 0, payload };
  });
  const got: SctpMessage[] = [];
  const done = new Promise<void>((resolve, reject) => {
    a.on('message', (m) => {
      got.push(m);
      if (got.length === n) resolve();
    });
    a.once('close', (r) => reject(new Error(`closed: ${JSON.stringify(r)}`)));
  });
  for (const m of sent) a.send(m.sid, 60, m.payload, { unordered: m.unordered });
  let error: string | undefined;
  await done.catch((e: Error) => (error = e.message));
  const ids = got.map((m) => m.payload.readUInt32BE(0));
  let altered = 0;
  for (const m of got) if (!m.payload.equals(sent[m.payload.readUInt32BE(0)]?.payload ?? Buffer.alloc(0))) altered++;
  let orderViolations = 0;
  for (let sid = 0; sid < 5; sid++) {
    const seq = ids.filter((i) => sent[i].sid === sid && !sent[i].unordered);
    for (let k = 1; k < seq.length; k++) if (seq[k] < seq[k - 1]) orderViolations++;
  }
  const close = error ? undefined : await a.close();
  process.stdout.write(
    `${JSON.stringify({
      sent: n,
      echoed: got.length,
      distinct: new Set(ids).size,
      altered,
      orderViolations,
      error,
      close,
      rto: a.rto.rto,
      ms: Math.round(performance.now() - t0),
    })}\n`,
  );
  process.exit(0);
}
