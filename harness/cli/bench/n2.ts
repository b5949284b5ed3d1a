import { establishPduSession, Gnb } from '../../drivers/gnb/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { line, rate as rateText } from './measure.ts';
import { sctpEcho } from './sctp.ts';
import { startFarEndProcess } from './threads.ts';

/**
 * `bench n2`: UEs registering (SUCI null scheme, 5G AKA with Milenage, NAS security mode control,
 * Initial Context Setup) and setting up one IPv6 PDU session each (PDU Session Resource Setup),
 * IN_FLIGHT at a time through one gNB, against the AMF stand-in in a child process over SCTP over
 * UDP on ::1: completed registration+PDU session setups per second (issue 20 target ≥ 2,000/s).
 * The baseline, measured in the same run, is the NGAP-sized echo over one SCTP-over-UDP
 * association (bench sctp): a setup is 15 NGAP messages, so the ratio says how much of the
 * transport's capacity the procedures use.
 */
const IN_FLIGHT = 64;
const MS = Number(process.env.V6H_BENCH_MS ?? 3000);
const TARGET = 2000;
const K = Buffer.from('465b5ce8b199b49faa5f0a2ee238a6bc', 'hex');
const OPC = Buffer.from('cd63cb71954a9f4e48a5994e37a02baf', 'hex');

export async function benchN2(): Promise<boolean> {
  process.stdout.write(
    `n2 (registration + IPv6 PDU session per UE, ${IN_FLIGHT} UEs in flight through one gNB, AMF stand-in in a child process, SCTP over UDP on ::1, ${MS} ms after ${MS} ms of warm-up)\n`,
  );
  const far = await startFarEndProcess<{ port: number; udpPort: number }>(new URL('./amf-far-end.ts', import.meta.url));
  const gnb = new Gnb({
    amf: { address: '::1', port: far.ready.port, transport: 'udp', udpPort: far.ready.udpPort },
    plmn: { mcc: '001', mnc: '01' },
    tac: 1,
    gnbId: 0x42,
    slices: [{ sst: 1 }],
    n3Address: '::1',
    n3Port: 0,
    transcripts: false,
    recorder: noRecorder,
  });
  let rate = 0;
  let failed = 0;
  let utilization: number | undefined;
  let completed = 0;
  let gnbCpuMicros = 0;
  try {
    const setup = await gnb.open();
    if (setup.kind !== 'accepted') throw new Error(`NG Setup: ${setup.kind}`);
    let next = 0;
    const measureFrom = performance.now() + MS;
    const end = measureFrom + MS;
    let counted = 0;
    const cpuFrom = process.cpuUsage();
    let firstFailure = '';
    const one = async (): Promise<void> => {
      while (performance.now() < end) {
        const imsi = `0010101${String(next++).padStart(8, '0')}`;
        const ue = gnb.ue({ imsi, homePlmn: { mcc: '001', mnc: '01' }, k: K, opc: OPC, suci: { scheme: 'null' } });
        const r = await ue.register();
        const s =
          r.kind === 'registered'
            ? await establishPduSession(ue, { pduSessionId: 1, dnn: 'internet', type: 'ipv6' })
            : undefined;
        gnb.forget(ue);
        if (s?.kind !== 'accepted') {
          failed++;
          firstFailure ||= JSON.stringify(s ?? r);
          continue;
        }
        completed++;
        if (performance.now() >= measureFrom && performance.now() < end) counted++;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, one));
    rate = (counted / MS) * 1000;
    const cpu = process.cpuUsage(cpuFrom);
    gnbCpuMicros = cpu.user + cpu.system;
    if (failed) process.stdout.write(`  ${failed} setups failed; the first: ${firstFailure.slice(0, 200)}\n`);
  } finally {
    await gnb.close();
    utilization = await far.stop();
  }
  const baseline = await sctpEcho('udp');
  const ok = line(
    'registration + PDU session setups/s over N2',
    rate,
    'SCTP/UDP NGAP-sized echo msgs',
    baseline,
    TARGET,
  );
  if (utilization !== undefined)
    process.stdout.write(`  AMF process event loop busy ${(utilization * 100).toFixed(0)} % of the run\n`);
  // CPU time per setup on each side: what the rate would be with a core each, whatever else runs here.
  const amfCpu = (far.report as { cpuMicros?: number } | undefined)?.cpuMicros;
  if (completed && amfCpu !== undefined)
    process.stdout.write(
      `  CPU per setup: AMF ${(amfCpu / completed).toFixed(0)} µs, gNB+UE ${(gnbCpuMicros / completed).toFixed(0)} µs (${completed} setups) → ${rateText(1e6 / Math.max(amfCpu / completed, gnbCpuMicros / completed))} with a core each\n`,
    );
  return ok && failed === 0;
}
