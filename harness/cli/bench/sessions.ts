import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { SgwS5Driver } from '../../drivers/sgw/index.ts';
import { findIe } from '../../protocol/gtpv2c/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { line } from './measure.ts';
import { startFarEnd } from './threads.ts';

/**
 * `bench sessions`: Create+Delete Session pairs per second against the PGW stand-in over
 * loopback, 100 requests in flight, the PGW in a worker thread and the SGW driver (the load) in
 * the main thread: both cores in use. The baseline is a plain UDP request/response loop with the
 * same split, concurrency and datagram count (what the sockets alone allow), in the same run.
 */
const IN_FLIGHT = 300;
const DURATION_MS = 2000;

export async function udpBaseline(): Promise<number> {
  const far = await startFarEnd<{ port: number }>(new URL('./udp-echo-far-end.ts', import.meta.url), {});
  const client = createSocket('udp6');
  await new Promise<void>((r) => client.bind(0, '::1', () => r()));
  const port = far.ready.port;
  const payload = Buffer.alloc(200);
  let done = 0;
  const end = performance.now() + DURATION_MS;
  await new Promise<void>((resolve) => {
    let outstanding = 0;
    const fire = () => {
      outstanding++;
      client.send(payload, port, '::1');
    };
    // UDP may drop under load: the loop ends at the deadline plus a grace period whatever is
    // still outstanding, so a lost datagram can never hang the benchmark.
    const stop = setTimeout(resolve, DURATION_MS + 500);
    client.on('message', () => {
      outstanding--;
      if (performance.now() < end) {
        done++;
        fire();
      } else if (outstanding === 0) {
        clearTimeout(stop);
        resolve();
      }
    });
    for (let i = 0; i < IN_FLIGHT; i++) fire();
  });
  client.close();
  await far.stop();
  // Two request/response exchanges make one create+delete pair.
  return done / 2 / (DURATION_MS / 1000);
}

async function sessionPairs(): Promise<number> {
  const far = await startFarEnd<{ port: number; userPlanePort: number }>(
    new URL('./pgw-far-end.ts', import.meta.url),
    {},
  );
  const sgw = new SgwS5Driver({
    pgw: { address: '::1', port: far.ready.port, userPlanePort: far.ready.userPlanePort },
    recorder: noRecorder,
  });
  await sgw.open();
  let pairs = 0;
  let failures = 0;
  let retransmitted = 0;
  const elu0 = performance.eventLoopUtilization();
  const end = performance.now() + DURATION_MS;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < end; i++) {
      const { outcome } = await sgw.createSession({
        imsi: `00101${String(w).padStart(3, '0')}${String(i % 1e7).padStart(7, '0')}`,
        apn: 'internet',
        pdnType: 'ipv6',
        daf: true,
      });
      const teid = outcome.kind === 'response' ? findIe(outcome.message, 'f-teid', 1)?.teid : undefined;
      if (teid === undefined) {
        failures++;
        continue;
      }
      if (outcome.kind === 'response' && outcome.attempts > 1) retransmitted++;
      const del = await sgw.deleteSession(teid);
      if (del.kind === 'response' && del.attempts > 1) retransmitted++;
      if (del.kind === 'response') pairs++;
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => worker(w)));
  const mainElu = performance.eventLoopUtilization(elu0).utilization;
  await sgw.close();
  const pgwElu = await far.stop();
  process.stdout.write(
    `  event loops busy: SGW driver (main thread) ${(mainElu * 100).toFixed(0)} %, PGW (worker) ${pgwElu === undefined ? '?' : (pgwElu * 100).toFixed(0)} %\n`,
  );
  if (failures || retransmitted)
    process.stdout.write(
      `  (${failures} create/delete failures, ${retransmitted} requests answered only after a T3 retransmission: datagrams dropped)\n`,
    );
  return pairs / (DURATION_MS / 1000);
}

export async function benchSessions(): Promise<boolean> {
  process.stdout.write(
    `sessions (PGW stand-in in a worker thread, SGW driver in the main thread, ${IN_FLIGHT} in flight)\n`,
  );
  const baseline = await udpBaseline();
  const rate = await sessionPairs();
  return line('Create+Delete Session pairs', rate, 'UDP req/resp pairs', baseline, 20_000);
}
