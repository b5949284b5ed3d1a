import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { SgwS5Driver } from '../../drivers/sgw/index.ts';
import { SmfN4Driver } from '../../drivers/smf-n4/index.ts';
import type { ApnConfig } from '../../elements/common/apn-config.ts';
import { Pgw } from '../../elements/pgw/index.ts';
import { Upf } from '../../elements/upf/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { BatchUdpSocket, loadNative, nativeLoadError } from '../../net/udp-socket/index.ts';
import { findIe } from '../../protocol/gtpv2c/index.ts';
import { findIe as findPfcpIe } from '../../protocol/pfcp/index.ts';
import { generateGtpu, GtpuSink, searchThroughput, type GtpuFlow } from '../../traffic/index.ts';
import { line, rate } from './measure.ts';
import { startFarEnd } from './threads.ts';

/**
 * `bench userplane` (issue 21 item 1): G-PDUs of 64-octet inner IPv6 through the in-process PGW
 * stand-in, as core/s5u-throughput sends them in the in-process lab: UES PDN connections over S5,
 * one flow per connection from the UE's address to the in-process internet's UDP echo (RFC 862),
 * up S5-U, out of SGi, the echo back down the tunnel to the generator's own socket. The figure is
 * the zero-loss rate (RFC 2544 §26.1 binary search, TRIAL_MS trials) of the PGW whose user plane
 * runs in its forwarding thread; beside it the same search with the user plane on the main thread
 * (V6HARNESS_FORWARDING=main, as before), and the baseline: the generator's own rate, the same
 * generator settings into the GTP-U sink in a worker thread, before and after, the better of the
 * two, in the same run; the search goes no higher than the first. Target ≥ 0.6×.
 *
 * The same through the in-process UPF stand-in (issue 21 item 1, N3): UES PDU sessions set up over
 * N4 by the SMF driver (drivers/smf-n4 sessionRules: UL/DL PDRs, QER with QFI, URR), the downlink
 * FAR toward the generator's socket, G-PDUs with the UL PDU Session Container (TS 38.415 §5.5.2.2)
 * up N3 and the echo back with the DL container.
 */
const UES = 16;
const INNER = 64;
const TRIAL_MS = 500;
const DRAIN_MS = 200;
const FREE_MS = 2000;
const TARGET_RATIO = 0.6;
const HOSTS = {
  ipv6Only: '2001:db8:ffff::6',
  ipv4Only: '203.0.113.4',
  dualStack: { ipv6: '2001:db8:ffff::46', ipv4: '203.0.113.46' },
  brokenIpv6: { ipv6: '2001:db8:ffff::bad', ipv4: '203.0.113.66' },
  udpEchoPort: 7,
};

/** The generator as fast as it goes into the sink (a worker thread): its own rate, G-PDUs/s received. */
async function generatorAlone(): Promise<number> {
  const far = await startFarEnd<{ port: number }>(new URL('./gtpu-sink-far-end.ts', import.meta.url), {});
  const socket = BatchUdpSocket.bindRaw({ address: '::1', port: 0, sendBufferSize: 4 << 20 }, () => {});
  try {
    const flows = Array.from({ length: UES }, (_, i) => ({
      teid: 0x1000 + i,
      src: `2001:db8:1:${i.toString(16)}::2`,
      dst: HOSTS.ipv6Only,
      dstPort: HOSTS.udpEchoPort,
    }));
    const gen = await generateGtpu({
      socket,
      to: { address: '::1', port: far.ready.port },
      flows,
      innerLength: INNER,
      ratePps: 0,
      durationMs: FREE_MS,
      gso: true,
    });
    await sleep(DRAIN_MS);
    await far.stop();
    const received = (far.report as { received: number } | undefined)?.received ?? 0;
    process.stdout.write(
      `  generator alone → GTP-U sink (worker): ${rate(gen.pps)} sent, ${rate(received / gen.seconds)} received\n`,
    );
    return received / gen.seconds;
  } finally {
    await socket.close();
  }
}

interface Through {
  zeroLossPps: number;
  /** As fast as the generator goes, for FREE_MS: G-PDUs/s back, and the share lost. */
  freePps: number;
  freeLoss: number;
  p99Ms: number;
}

const apn = (ipv6Pool: string): ApnConfig => ({
  pdnTypes: 'ipv6',
  singleAddressBearersOnly: false,
  prefer: 'ipv6',
  ipv6Pool,
  ipv4Pool: '198.51.100.0/24',
  dnsIpv6: [],
  dnsIpv4: [],
  mtu: 1400,
});

/** The generator's socket, its echoes into the sink. */
function generatorSocket(sink: GtpuSink): BatchUdpSocket {
  const socket = BatchUdpSocket.bindRaw(
    { address: '::1', port: 0, recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 },
    (rx, meta, count) => sink.receiveBatch(rx, meta, count),
  );
  socket.setGro(true);
  return socket;
}

/** The zero-loss rate through an in-process PGW (its user plane where V6HARNESS_FORWARDING says). */
async function throughPgw(maxPps: number): Promise<Through> {
  const pgw = new Pgw({
    address: '::1',
    restartCounter: 1,
    faults: [],
    internet: HOSTS,
    apns: { internet: apn('2001:db8:100::/40') },
  });
  await pgw.start();
  const sgw = new SgwS5Driver({
    pgw: { address: '::1', port: pgw.endpoint.port, userPlanePort: pgw.userPlane.endpoint.port },
    recorder: noRecorder,
    receivePort: 0,
  });
  await sgw.open();
  const sink = new GtpuSink();
  const socket = generatorSocket(sink);
  try {
    const flows: GtpuFlow[] = [];
    for (let i = 0; i < UES; i++) {
      const { outcome } = await sgw.createSession({
        imsi: `0010150${String(i).padStart(8, '0')}`,
        apn: 'internet',
        pdnType: 'ipv6',
        daf: true,
      });
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      const paa = res && findIe(res, 'paa');
      const bearer = res && findIe(res, 'bearer-context');
      const u = bearer && findIe(bearer, 'f-teid', 2);
      if (!paa?.ipv6 || !u) throw new Error(`session ${i} was not set up`);
      flows.push({ teid: u.teid, src: paa.ipv6, dst: HOSTS.ipv6Only, srcPort: 40000 + i, dstPort: HOSTS.udpEchoPort });
    }
    return await search(socket, sink, { address: '::1', port: pgw.userPlane.endpoint.port }, flows, maxPps);
  } finally {
    await socket.close();
    await sgw.close();
    await pgw.stop();
  }
}

/** QFI of the PDU sessions' default QoS flow (5QI 9's usual QFI). */
const QFI = 9;

/** The zero-loss rate through an in-process UPF's N3 (its user plane where V6HARNESS_FORWARDING says). */
async function throughUpf(maxPps: number): Promise<Through> {
  const upf = new Upf({ address: '::1', faults: [], internet: HOSTS, dnns: { internet: apn('2001:db8:5600::/40') } });
  await upf.start();
  const smf = new SmfN4Driver({ upf: upf.endpoint, recorder: noRecorder });
  await smf.open();
  const sink = new GtpuSink();
  const socket = generatorSocket(sink);
  try {
    await smf.associate();
    const gnb = socket.address();
    const flows: GtpuFlow[] = [];
    for (let i = 0; i < UES; i++) {
      const prefix = `2001:db8:5601:${i.toString(16)}::`;
      const { outcome } = await smf.establish({
        dnn: 'internet',
        pduSessionType: 'ipv6',
        ueIpv6: prefix,
        qfi: QFI,
        n3Family: 'ipv6',
      });
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      const upSeid = res && findPfcpIe(res, 'f-seid')?.seid;
      const created = res && findPfcpIe(res, 'created-pdr');
      const teid = created && findPfcpIe(created, 'f-teid')?.teid;
      if (upSeid === undefined || teid === undefined) throw new Error(`PDU session ${i} was not set up`);
      const mod = await smf.modifyDownlink(upSeid, { teid: 0x7000 + i, address: gnb.address });
      if (mod.kind !== 'response') throw new Error(`PDU session ${i}: no downlink (${mod.kind})`);
      flows.push({
        teid,
        src: `${prefix}2`,
        dst: HOSTS.ipv6Only,
        srcPort: 40000 + i,
        dstPort: HOSTS.udpEchoPort,
        qfi: QFI,
      });
    }
    return await search(socket, sink, upf.userPlane.endpoint, flows, maxPps);
  } finally {
    await socket.close();
    await smf.close();
    await upf.stop();
  }
}

/** RFC 2544 §26.1 binary search of the zero-loss rate of `flows` to `to` and back into `sink`. */
async function search(
  socket: BatchUdpSocket,
  sink: GtpuSink,
  to: { address: string; port: number },
  flows: GtpuFlow[],
  maxPps: number,
): Promise<Through> {
  const trial = async (ratePps: number, durationMs: number) => {
    sink.reset();
    const gen = await generateGtpu({ socket, to, flows, innerLength: INNER, ratePps, durationMs, gso: true });
    await sleep(DRAIN_MS);
    const r = sink.report();
    return { sent: gen.sent, received: r.received, offeredPps: gen.pps, seconds: gen.seconds, p99: r.latencyMs.p99 };
  };
  // Warm-up (the JIT, and the first packet of each session through the main thread).
  await trial(10_000, 300);
  const free = await trial(0, FREE_MS);
  const p99 = new Map<number, number>();
  const result = await searchThroughput({
    minPps: 1000,
    maxPps,
    lossTolerance: 0,
    repetitions: 1,
    trial: async (ratePps) => {
      const t = await trial(ratePps, TRIAL_MS);
      p99.set(ratePps, t.p99);
      return t;
    },
  });
  return {
    zeroLossPps: result.throughputPps,
    freePps: free.received / free.seconds,
    // Echoes still queued from the warm-up may arrive in this window: never below zero.
    freeLoss: Math.max(0, free.sent - free.received) / Math.max(1, free.sent),
    p99Ms: p99.get(result.throughputPps) ?? Number.NaN,
  };
}

const describe = (t: Through) =>
  `zero-loss ${rate(t.zeroLossPps)} (round trip p99 ${t.p99Ms.toFixed(2)} ms); as fast as the generator goes ${rate(t.freePps)} back, ${(t.freeLoss * 100).toFixed(1)} % lost`;

export async function benchUserPlane(): Promise<boolean> {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  process.stdout.write(
    `userplane (${INNER}-octet inner IPv6 G-PDUs over ${UES} S5 sessions through the in-process PGW, and over ${UES} N3 PDU sessions (QFI ${QFI}) through the in-process UPF, to the internet's UDP echo and back; load average ${load})\n`,
  );
  if (!loadNative()) {
    process.stdout.write(`  the batched UDP addon is not available: ${nativeLoadError()}\n`);
    return false;
  }
  // The generator alone before and after the PGW runs, the better of the two: on a shared machine
  // one 2 s run may catch a bad moment, and a low baseline would flatter the PGW.
  const first = await generatorAlone();
  const before = process.env.V6HARNESS_FORWARDING;
  let onMain: Through;
  let upfOnMain: Through;
  try {
    process.env.V6HARNESS_FORWARDING = 'main';
    onMain = await throughPgw(first);
    process.stdout.write(`  PGW, user plane on the main thread: ${describe(onMain)}\n`);
    upfOnMain = await throughUpf(first);
    process.stdout.write(`  UPF, N3 on the main thread: ${describe(upfOnMain)}\n`);
  } finally {
    if (before === undefined) delete process.env.V6HARNESS_FORWARDING;
    else process.env.V6HARNESS_FORWARDING = before;
  }
  const worker = await throughPgw(first);
  process.stdout.write(`  PGW, user plane in its forwarding thread: ${describe(worker)}\n`);
  const upf = await throughUpf(first);
  process.stdout.write(`  UPF, N3 in its forwarding thread: ${describe(upf)}\n`);
  const generator = Math.max(first, await generatorAlone());
  line('G-PDUs/s through the PGW, main thread', onMain.zeroLossPps, 'generator alone', generator);
  line('G-PDUs/s through the PGW, forwarding thread', worker.zeroLossPps, 'generator alone', generator);
  line('G-PDUs/s through the UPF N3, main thread', upfOnMain.zeroLossPps, 'generator alone', generator);
  line('G-PDUs/s through the UPF N3, fwd thread', upf.zeroLossPps, 'generator alone', generator);
  const ok = worker.zeroLossPps >= TARGET_RATIO * generator;
  const upfOk = upf.zeroLossPps >= TARGET_RATIO * generator;
  process.stdout.write(
    `  target: ratio to the generator ≥ ${TARGET_RATIO.toFixed(3)}: PGW ${ok ? 'met' : 'NOT MET'}, UPF ${upfOk ? 'met' : 'NOT MET'}\n`,
  );
  return ok && upfOk;
}
