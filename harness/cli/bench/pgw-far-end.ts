import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Pgw } from '../../elements/pgw/index.ts';
import { threadCpu, threadCpuSince } from './thread-cpu.ts';

/** `bench sessions`' far end: the PGW stand-in alone in a worker thread. */
const pgw = new Pgw({
  address: '::1',
  restartCounter: 1,
  faults: [],
  apns: {
    internet: {
      pdnTypes: 'ipv6',
      singleAddressBearersOnly: false,
      prefer: 'ipv6',
      ipv6Pool: '2001:db8:100::/40',
      ipv4Pool: '198.51.100.0/24',
      dnsIpv6: [],
      dnsIpv4: [],
      mtu: 1400,
    },
  },
});
await pgw.start();
let started = performance.eventLoopUtilization();
let cpu = threadCpu();
parentPort!.postMessage({
  ready: { port: pgw.endpoint.port, userPlanePort: pgw.userPlane.endpoint.port, options: workerData.options },
});
parentPort!.on('message', async (m) => {
  if (m === 'mark') {
    started = performance.eventLoopUtilization();
    cpu = threadCpu();
    return;
  }
  if (m !== 'stop') return;
  // How busy this thread's event loop was: near 1 means the PGW side is the bottleneck.
  parentPort!.postMessage({
    utilization: performance.eventLoopUtilization(started).utilization,
    cpu: threadCpuSince(cpu),
  });
  await pgw.stop();
  parentPort!.close();
});
