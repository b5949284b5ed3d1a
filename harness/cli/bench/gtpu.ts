import { createServer } from 'node:net';
import { BatchUdpSocket, loadNative, nativeLoadError } from '../../net/udp-socket/index.ts';
import { generateGtpu, iperf3, iperf3Server, type GtpuSinkReport } from '../../traffic/index.ts';
import { line } from './measure.ts';
import { startFarEnd } from './threads.ts';

/**
 * `bench gtpu`: G-PDUs carrying 64-octet inner IPv6 packets from the GTP-U generator (main thread)
 * into the GTP-U sink (worker thread) over loopback, packets per second received; the baseline is
 * `iperf3 -u -b 0 -l 64` on the same path in the same run (issue 8: ratio at least 1.0).
 */
const DURATION_MS = 2000;
const FLOWS = 16;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '::1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function iperf3Baseline(): Promise<number | string> {
  const port = await freePort();
  const server = await iperf3Server('::1', port).catch((e: Error) => e);
  if (server instanceof Error) return server.message;
  try {
    const r = await iperf3('::1', { udp: { mbps: 0, length: 64 }, seconds: DURATION_MS / 1000, port });
    if (r.kind !== 'udp') return r.kind === 'error' ? r.message : 'iperf3 gave no UDP result';
    process.stdout.write(
      `  iperf3 -u -b 0 -l 64: ${(r.pps / 1e3).toFixed(0)} k packets/s sent, ${r.lossPercent.toFixed(1)} % lost\n`,
    );
    return r.pps * (1 - r.lossPercent / 100);
  } finally {
    await server.stop();
  }
}

async function generator(): Promise<number> {
  const far = await startFarEnd<{ port: number }>(new URL('./gtpu-sink-far-end.ts', import.meta.url), {});
  const socket = BatchUdpSocket.bind({ address: '::1', port: 0, sendBufferSize: 4 << 20 }, () => {});
  const flows = Array.from({ length: FLOWS }, (_, i) => ({
    teid: 0x1000 + i,
    src: `2001:db8:1:${i.toString(16)}::2`,
    dst: '2001:db8:ffff::1',
  }));
  const elu0 = performance.eventLoopUtilization();
  const gen = await generateGtpu({
    socket,
    to: { address: '::1', port: far.ready.port },
    flows,
    innerLength: 64,
    ratePps: 0,
    durationMs: DURATION_MS,
    connect: true,
  });
  const mainElu = performance.eventLoopUtilization(elu0).utilization;
  await new Promise((r) => setTimeout(r, 100)); // the sink drains its socket buffer
  const sinkElu = await far.stop();
  await socket.close();
  const sink = far.report as GtpuSinkReport | undefined;
  if (!sink) throw new Error('the GTP-U sink sent no report');
  const lost = gen.sent - sink.received;
  process.stdout.write(
    `  generator: ${(gen.pps / 1e3).toFixed(0)} k G-PDUs/s sent (${gen.innerMbps.toFixed(0)} Mbit/s inner), event loops busy: generator ${(mainElu * 100).toFixed(0)} %, sink ${sinkElu === undefined ? '?' : (sinkElu * 100).toFixed(0)} %\n` +
      `  sink: ${sink.received} received, ${lost} lost (${((lost / Math.max(1, gen.sent)) * 100).toFixed(1)} %), ${sink.reordered} reordered, ${sink.malformed} malformed; ` +
      `one-way delay p50 ${sink.latencyMs.p50.toFixed(3)} ms p99 ${sink.latencyMs.p99.toFixed(3)} ms\n`,
  );
  return sink.received / gen.seconds;
}

export async function benchGtpu(): Promise<boolean> {
  process.stdout.write(
    `gtpu (generator in the main thread, sink in a worker thread, ${FLOWS} flows, 64-octet inner IPv6, loopback)\n`,
  );
  if (!loadNative()) {
    process.stdout.write(`  the batched UDP addon is not available: ${nativeLoadError()}\n`);
    return false;
  }
  const baseline = await iperf3Baseline();
  if (typeof baseline === 'string') {
    process.stdout.write(`  no iperf3 baseline: ${baseline}\n`);
    return false;
  }
  const received = await generator();
  const ok = line('G-PDUs received (64-octet inner IPv6)', received, 'iperf3 -u -l 64 received', baseline);
  const ratioOk = received / baseline >= 1.0;
  process.stdout.write(`  target: ratio ≥ 1.000 ${ratioOk ? 'met' : 'NOT MET'}\n`);
  return ok && ratioOk;
}
