import { createSocket } from 'node:dgram';
import { parentPort } from 'node:worker_threads';
import { threadCpu, threadCpuSince } from './thread-cpu.ts';

/** The UDP baseline's far end: a plain echo server in a worker thread, as the PGW is in its own. */
const server = createSocket('udp6');
await new Promise<void>((r) => server.bind(0, '::1', () => r()));
server.on('message', (m, r) => server.send(m, r.port, r.address));
let cpu = threadCpu();
parentPort!.postMessage({ ready: { port: server.address().port } });
parentPort!.on('message', (m) => {
  if (m === 'mark') cpu = threadCpu();
  if (m !== 'stop') return;
  parentPort!.postMessage({ cpu: threadCpuSince(cpu) });
  server.close(() => parentPort!.close());
});
