import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { BatchUdpSocket, loadNative, nativeLoadError } from '../../net/udp-socket/index.ts';
import { generateGtpu, iperf3, iperf3Server, type GtpuSinkReport } from '../../traffic/index.ts';
import { buildCReference, cReceiver, cSend, type CReference } from './c-reference.ts';
import { line, rate } from './measure.ts';
import { startFarEnd } from './threads.ts';

/**
 * `bench gtpu`: G-PDUs carrying 64-octet inner IPv6 packets (16 flows) over loopback.
 *
 * 1. The generator (main thread, one core) against the physical reference of this machine: a C
 *    program (c/gtpu-reference.c, compiled now with the system cc) that sends the same stream from a
 *    plain sendmmsg loop on a connected socket, once datagram by datagram and once with UDP GSO.
 *    Both send to the same C recvmmsg receiver (another process, so the other core), alternating,
 *    best of ROUNDS each; the figure is G-PDUs/s received, and the ratio generator / C. CPU
 *    seconds per G-PDU of the sending process are printed too: on loopback the receive path up
 *    to the receiver's socket runs in the sender's system calls, and CPU time per packet depends
 *    far less on what else the machine runs than packets per second do. Issue 21: ≥ 1.0 M/s.
 * 2. The generator into the GTP-U sink (a worker thread) with sequence and delay accounting,
 *    against `iperf3 -u -b 0 -l 64` on the same path (issue 8: ratio at least 1.0).
 */
const DURATION_MS = 2000;
const FLOWS = 16;
const INNER = 64;
const BATCH = 1024;
const ROUNDS = 2;
const TARGET_PPS = 1_000_000;

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

const flows = Array.from({ length: FLOWS }, (_, i) => ({
  teid: 0x1000 + i,
  src: `2001:db8:1:${i.toString(16)}::2`,
  dst: '2001:db8:ffff::1',
}));

/** One run into the C receiver: G-PDUs/s received, sent, and CPU seconds per G-PDU of the sender. */
interface Run {
  received: number;
  sentPps: number;
  lossPercent: number;
  cpuNsPerPacket: number;
  /** The part of it spent in user space (the rest is the kernel's send and loopback receive path). */
  userNsPerPacket: number;
}

async function cRun(ref: CReference, gso: boolean): Promise<Run> {
  const rx = await cReceiver(ref, '::1');
  const s = await cSend(ref, {
    address: '::1',
    port: rx.port,
    seconds: DURATION_MS / 1000,
    gso,
    batch: BATCH,
    flows: FLOWS,
    innerLength: INNER,
  });
  await new Promise((r) => setTimeout(r, 100)); // the receiver drains its socket buffer
  const got = await rx.stop();
  return {
    received: got.received / s.seconds,
    sentPps: s.sent / s.seconds,
    lossPercent: ((s.sent - got.received) / Math.max(1, s.sent)) * 100,
    cpuNsPerPacket: (s.cpuSeconds / Math.max(1, s.sent)) * 1e9,
    userNsPerPacket: (s.userSeconds / Math.max(1, s.sent)) * 1e9,
  };
}

async function generatorRun(ref: CReference, gso: boolean): Promise<Run> {
  const rx = await cReceiver(ref, '::1');
  const socket = BatchUdpSocket.bind({ address: '::1', port: 0, sendBufferSize: 4 << 20 }, () => {});
  const cpu0 = process.cpuUsage();
  const gen = await generateGtpu({
    socket,
    to: { address: '::1', port: rx.port },
    flows,
    innerLength: INNER,
    ratePps: 0,
    durationMs: DURATION_MS,
    connect: true,
    gso,
    batch: BATCH,
  });
  const cpu = process.cpuUsage(cpu0);
  await socket.close();
  if (gso && !gen.gso) throw new Error('the kernel has no UDP GSO (UDP_SEGMENT)');
  await new Promise((r) => setTimeout(r, 100));
  const got = await rx.stop();
  return {
    received: got.received / gen.seconds,
    sentPps: gen.pps,
    lossPercent: ((gen.sent - got.received) / Math.max(1, gen.sent)) * 100,
    cpuNsPerPacket: ((cpu.user + cpu.system) * 1e3) / Math.max(1, gen.sent),
    userNsPerPacket: (cpu.user * 1e3) / Math.max(1, gen.sent),
  };
}

const best = (runs: Run[]) => runs.reduce((a, b) => (b.received > a.received ? b : a));
const describe = (r: Run) =>
  `${rate(r.received)} received of ${rate(r.sentPps)} sent (${r.lossPercent.toFixed(1)} % lost), ${r.cpuNsPerPacket.toFixed(0)} ns CPU per G-PDU (${r.userNsPerPacket.toFixed(0)} in user space)`;

/** Generator against the C reference, datagram by datagram and with GSO; true when ≥ 1.0 M/s. */
async function againstC(ref: CReference): Promise<boolean> {
  let ok = true;
  for (const gso of [false, true]) {
    const c: Run[] = [];
    const js: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      c.push(await cRun(ref, gso));
      js.push(await generatorRun(ref, gso));
    }
    const label = gso ? 'sendmmsg + UDP GSO' : 'sendmmsg';
    process.stdout.write(
      `  ${label}, best of ${ROUNDS} alternating runs:\n    C reference: ${describe(best(c))}\n    generator:   ${describe(best(js))}\n`,
    );
    const g = best(js);
    const r = best(c);
    process.stdout.write(
      `    CPU per G-PDU generator / C: ${(g.cpuNsPerPacket / r.cpuNsPerPacket).toFixed(2)} (load-independent ratio)\n`,
    );
    const met = line(
      `G-PDUs/s, generator → C receiver, ${gso ? 'GSO' : 'no GSO'}`,
      g.received,
      `C ${label}`,
      r.received,
      gso ? TARGET_PPS : undefined,
    );
    if (gso) ok = met;
  }
  return ok;
}

async function intoSink(): Promise<number> {
  const far = await startFarEnd<{ port: number }>(new URL('./gtpu-sink-far-end.ts', import.meta.url), {});
  const socket = BatchUdpSocket.bind({ address: '::1', port: 0, sendBufferSize: 4 << 20 }, () => {});
  const elu0 = performance.eventLoopUtilization();
  const gen = await generateGtpu({
    socket,
    to: { address: '::1', port: far.ready.port },
    flows,
    innerLength: INNER,
    ratePps: 0,
    durationMs: DURATION_MS,
    connect: true,
    gso: true,
  });
  const mainElu = performance.eventLoopUtilization(elu0).utilization;
  await new Promise((r) => setTimeout(r, 100)); // the sink drains its socket buffer
  const sinkElu = await far.stop();
  await socket.close();
  const sink = far.report as GtpuSinkReport | undefined;
  if (!sink) throw new Error('the GTP-U sink sent no report');
  const lost = gen.sent - sink.received;
  process.stdout.write(
    `  generator: ${(gen.pps / 1e3).toFixed(0)} k G-PDUs/s sent${gen.gso ? ' with GSO' : ''} (${gen.innerMbps.toFixed(0)} Mbit/s inner), event loops busy: generator ${(mainElu * 100).toFixed(0)} %, sink ${sinkElu === undefined ? '?' : (sinkElu * 100).toFixed(0)} %\n` +
      `  sink: ${sink.received} received, ${lost} lost (${((lost / Math.max(1, gen.sent)) * 100).toFixed(1)} %), ${sink.reordered} reordered, ${sink.malformed} malformed; ` +
      `one-way delay p50 ${sink.latencyMs.p50.toFixed(3)} ms p99 ${sink.latencyMs.p99.toFixed(3)} ms\n`,
  );
  return sink.received / gen.seconds;
}

export async function benchGtpu(): Promise<boolean> {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  process.stdout.write(`gtpu (G-PDUs of ${INNER}-octet inner IPv6, ${FLOWS} flows, loopback; load average ${load})\n`);
  if (!loadNative()) {
    process.stdout.write(`  the batched UDP addon is not available: ${nativeLoadError()}\n`);
    return false;
  }
  let ok = true;
  const ref = await buildCReference();
  if (typeof ref === 'string') {
    process.stdout.write(`  no C reference: ${ref}\n`);
    ok = false;
  } else {
    try {
      ok = await againstC(ref);
    } finally {
      await ref.dispose();
    }
  }
  const baseline = await iperf3Baseline();
  if (typeof baseline === 'string') {
    process.stdout.write(`  no iperf3 baseline: ${baseline}\n`);
    return false;
  }
  const received = await intoSink();
  line('G-PDUs received by the GTP-U sink', received, 'iperf3 -u -l 64 received', baseline);
  const ratioOk = received / baseline >= 1.0;
  process.stdout.write(`  target: ratio to iperf3 ≥ 1.000 ${ratioOk ? 'met' : 'NOT MET'}\n`);
  return ok && ratioOk;
}
