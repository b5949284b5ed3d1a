import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SmfN4Driver } from '../../drivers/smf-n4/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { findIe } from '../../protocol/pfcp/index.ts';
import { line } from './measure.ts';
import { type Measured, udpBaseline, window } from './sessions.ts';
import { perOperation } from './thread-cpu.ts';
import { startFarEnd } from './threads.ts';

/**
 * `bench n4`: PFCP Session Establishment+Deletion pairs per second (issue 20: N4 session
 * establishments/s) against the UPF stand-in over loopback, 300 in flight, the UPF in a worker
 * thread and the SMF driver in the main thread. Each establishment carries a whole PDU session's
 * rules (drivers/smf-n4 sessionRules: 2 PDRs, 2 FARs, QER, URR, the N3 F-TEID to CHOOSE). Both
 * ends warm up (the JIT's optimizing tier) before the measured window, as `bench sessions` does;
 * besides the rate, each thread's CPU time per pair, which a loaded machine hardly moves. The
 * baseline is `bench sessions`' plain UDP request/response loop with the same split and
 * concurrency, in the same run.
 */
const IN_FLIGHT = 300;

async function n4Pairs(): Promise<Measured> {
  const far = await startFarEnd<{ port: number }>(new URL('./upf-far-end.ts', import.meta.url), {});
  const smf = new SmfN4Driver({ upf: { address: '::1', port: far.ready.port }, recorder: noRecorder });
  await smf.open();
  await smf.associate();
  let pairs = 0;
  let failures = 0;
  let retransmitted = 0;
  const w = window(() => far.mark());
  const worker = async (wk: number) => {
    for (let i = 0; ; i++) {
      const now = performance.now();
      if (w.over(now)) break;
      const counting = w.counting(now);
      const n = (wk * 65536 + (i % 65536)).toString(16).padStart(8, '0');
      const { outcome } = await smf.establish({
        dnn: 'internet',
        pduSessionType: 'ipv6',
        ueIpv6: `2001:db8:56${n.slice(0, 2)}:${n.slice(2, 6)}:${n.slice(6)}00::`,
        qfi: 9,
        n3Family: 'ipv6',
      });
      const upSeid = outcome.kind === 'response' ? findIe(outcome.message, 'f-seid')?.seid : undefined;
      if (upSeid === undefined) {
        failures++;
        continue;
      }
      if (outcome.kind === 'response' && outcome.attempts > 1) retransmitted++;
      const del = await smf.delete(upSeid);
      if (del.kind === 'response' && del.attempts > 1) retransmitted++;
      if (del.kind !== 'response') failures++;
      else if (counting) pairs++;
    }
    w.end();
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, wk) => worker(wk)));
  await smf.close();
  const upfElu = await far.stop();
  process.stdout.write(
    `  event loops busy: SMF driver (main thread) ${(w.end().elu * 100).toFixed(0)} %, UPF (worker) ${upfElu === undefined ? '?' : (upfElu * 100).toFixed(0)} %\n`,
  );
  if (failures || retransmitted)
    process.stdout.write(
      `  (${failures} establishment/deletion failures, ${retransmitted} requests answered only after a T1 retransmission: datagrams dropped)\n`,
    );
  return { pairs, seconds: w.seconds, main: w.end().cpu, far: far.cpu };
}

export async function benchN4(): Promise<boolean> {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  process.stdout.write(
    `n4 (UPF stand-in in a worker thread, SMF N4 driver in the main thread, ${IN_FLIGHT} in flight; load average ${load})\n`,
  );
  const base = await udpBaseline();
  process.stdout.write(
    `  baseline, dgram echo client (main thread): ${perOperation(base.main, base.pairs, 'pair of exchanges')}\n` +
      `  baseline, dgram echo server (worker):      ${perOperation(base.far, base.pairs, 'pair of exchanges')}\n`,
  );
  const s = await n4Pairs();
  process.stdout.write(
    `  SMF N4 driver (main thread): ${perOperation(s.main, s.pairs, 'Establishment+Deletion pair')}\n` +
      `  UPF stand-in (worker):       ${perOperation(s.far, s.pairs, 'Establishment+Deletion pair')}\n`,
  );
  return line(
    'N4 Establishment+Deletion pairs',
    s.pairs / s.seconds,
    'UDP req/resp pairs',
    base.pairs / base.seconds,
    20_000,
  );
}
