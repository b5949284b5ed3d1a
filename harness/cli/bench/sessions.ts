import { createSocket } from 'node:dgram';
import { SgwS5Driver } from '../../drivers/sgw/index.ts';
import { Pgw } from '../../elements/pgw/index.ts';
import { findIe } from '../../protocol/gtpv2c/index.ts';
import { noRecorder } from '../../protocol/pcap/index.ts';
import { line } from './measure.ts';

/**
 * `bench sessions`: Create+Delete Session pairs per second against the in-process PGW stand-in
 * over loopback, 100 requests in flight; the baseline is a plain UDP request/response loop with
 * the same concurrency and datagram count in the same process (what the sockets alone allow).
 * Both ends share this process's one event loop (the worker-thread split is not built).
 */
const IN_FLIGHT = 100;
const DURATION_MS = 2000;

async function udpBaseline(): Promise<number> {
  const server = createSocket('udp6');
  const client = createSocket('udp6');
  await new Promise<void>((r) => server.bind(0, '::1', () => r()));
  await new Promise<void>((r) => client.bind(0, '::1', () => r()));
  server.on('message', (m, r) => server.send(m, r.port, r.address));
  const port = server.address().port;
  const payload = Buffer.alloc(200);
  let done = 0;
  const end = performance.now() + DURATION_MS;
  await new Promise<void>((resolve) => {
    let outstanding = 0;
    const fire = () => {
      outstanding++;
      client.send(payload, port, '::1');
    };
    client.on('message', () => {
      outstanding--;
      done++;
      if (performance.now() < end) fire();
      else if (outstanding === 0) resolve();
    });
    for (let i = 0; i < IN_FLIGHT; i++) fire();
  });
  server.close();
  client.close();
  // Two request/response exchanges make one create+delete pair.
  return done / 2 / (DURATION_MS / 1000);
}

async function sessionPairs(): Promise<number> {
  const pgw = new Pgw({ address: '::1', restartCounter: 1, faults: [], apns: { internet: { pdnTypes: 'ipv6', singleAddressBearersOnly: false, prefer: 'ipv6', ipv6Pool: '2001:db8:100::/40', ipv4Pool: '198.51.100.0/24', dnsIpv6: [], dnsIpv4: [], mtu: 1400 } } });
  await pgw.start();
  const sgw = new SgwS5Driver({ pgw: { ...pgw.endpoint, userPlanePort: pgw.userPlane.endpoint.port }, recorder: noRecorder });
  await sgw.open();
  let pairs = 0;
  let failures = 0;
  const end = performance.now() + DURATION_MS;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < end; i++) {
      const { outcome } = await sgw.createSession({ imsi: `00101${String(w).padStart(3, '0')}${String(i % 1e7).padStart(7, '0')}`, apn: 'internet', pdnType: 'ipv6', daf: true });
      const teid = outcome.kind === 'response' ? findIe(outcome.message, 'f-teid', 1)?.teid : undefined;
      if (teid === undefined) {
        failures++;
        continue;
      }
      const del = await sgw.deleteSession(teid);
      if (del.kind === 'response') pairs++;
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => worker(w)));
  await sgw.close();
  await pgw.stop();
  if (failures) process.stdout.write(`  (${failures} create/delete failures)\n`);
  return pairs / (DURATION_MS / 1000);
}

export async function benchSessions(): Promise<boolean> {
  process.stdout.write(`sessions (in-process PGW, ${IN_FLIGHT} in flight, one event loop)\n`);
  const baseline = await udpBaseline();
  const rate = await sessionPairs();
  return line('Create+Delete Session pairs', rate, 'UDP req/resp pairs', baseline, 20_000);
}
