import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Upf } from '../../elements/upf/index.ts';
import { threadCpu, threadCpuSince } from './thread-cpu.ts';

/** `bench n4`'s far end: the UPF stand-in alone in a worker thread. */
const upf = new Upf({
  address: '::1',
  faults: [],
  dnns: {
    internet: {
      pdnTypes: 'ipv6',
      singleAddressBearersOnly: false,
      prefer: 'ipv6',
      ipv6Pool: '2001:db8:5600::/40',
      ipv4Pool: '198.51.100.0/24',
      dnsIpv6: [],
      dnsIpv4: [],
      mtu: 1400,
    },
  },
});
await upf.start();
let started = performance.eventLoopUtilization();
let cpu = threadCpu();
parentPort!.postMessage({ ready: { port: upf.endpoint.port, options: workerData.options } });
parentPort!.on('message', async (m) => {
  if (m === 'mark') {
    started = performance.eventLoopUtilization();
    cpu = threadCpu();
    return;
  }
  if (m !== 'stop') return;
  // How busy this thread's event loop was: near 1 means the UPF side is the bottleneck.
  parentPort!.postMessage({
    utilization: performance.eventLoopUtilization(started).utilization,
    cpu: threadCpuSince(cpu),
  });
  await upf.stop();
  parentPort!.close();
});
