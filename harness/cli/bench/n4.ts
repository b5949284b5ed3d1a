import { performance } from 'node:perf_hooks';
import { SmfN4Driver } from '../../drivers/smf-n4/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { findIe } from '../../protocol/pfcp/index.ts';
import { line } from './measure.ts';
import { udpBaseline } from './sessions.ts';
import { startFarEnd } from './threads.ts';

/**
 * `bench n4`: PFCP Session Establishment+Deletion pairs per second (issue 20: N4 session
 * establishments/s) against the UPF stand-in over loopback, 300 in flight, the UPF in a worker
 * thread and the SMF driver in the main thread. Each establishment carries a whole PDU session's
 * rules (drivers/smf-n4 sessionRules: 2 PDRs, 2 FARs, QER, URR, the N3 F-TEID to CHOOSE). The
 * baseline is `bench sessions`' plain UDP request/response loop with the same split and
 * concurrency, in the same run.
 */
const IN_FLIGHT = 300;
const DURATION_MS = 2000;

async function n4Pairs(): Promise<number> {
  const far = await startFarEnd<{ port: number }>(new URL('./upf-far-end.ts', import.meta.url), {});
  const smf = new SmfN4Driver({ upf: { address: '::1', port: far.ready.port }, recorder: noRecorder });
  await smf.open();
  await smf.associate();
  let pairs = 0;
  let failures = 0;
  const elu0 = performance.eventLoopUtilization();
  const end = performance.now() + DURATION_MS;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < end; i++) {
      const n = (w * 65536 + (i % 65536)).toString(16).padStart(8, '0');
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
      const del = await smf.delete(upSeid);
      if (del.kind === 'response') pairs++;
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => worker(w)));
  const mainElu = performance.eventLoopUtilization(elu0).utilization;
  await smf.close();
  const upfElu = await far.stop();
  process.stdout.write(
    `  event loops busy: SMF driver (main thread) ${(mainElu * 100).toFixed(0)} %, UPF (worker) ${upfElu === undefined ? '?' : (upfElu * 100).toFixed(0)} %\n`,
  );
  if (failures) process.stdout.write(`  (${failures} establishment/deletion failures)\n`);
  return pairs / (DURATION_MS / 1000);
}

export async function benchN4(): Promise<boolean> {
  process.stdout.write(
    `n4 (UPF stand-in in a worker thread, SMF N4 driver in the main thread, ${IN_FLIGHT} in flight)\n`,
  );
  const base = await udpBaseline();
  const baseline = base.pairs / base.seconds;
  const rate = await n4Pairs();
  return line('N4 Establishment+Deletion pairs', rate, 'UDP req/resp pairs', baseline, 20_000);
}
