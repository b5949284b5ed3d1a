import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { establishPduSession, Gnb, type Ue5g } from '../../drivers/gnb/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { startFarEndProcess } from './threads.ts';

/**
 * `bench n2-memory`: UEs registered over N2 (SUCI null scheme, 5G AKA, NAS security mode control,
 * Initial Context Setup) with one IPv6 PDU session each, against the AMF stand-in in a child
 * process over SCTP over UDP on ::1, and held by the gNB driver (registered, session up, NAS
 * security context kept); the harness's memory (heap + array buffers of this process, after a
 * full GC) per held UE, against the issue's 1 KiB target (issue 20). The baseline, in the same run,
 * is the same count of UEs held as plain JS objects with the state a registered UE with one PDU
 * session needs (identities, NGAP IDs, KAMF and the NAS keys, NAS counts, the session's TEIDs and
 * /64), the obvious design.
 */
const UES = Number(process.env.V6H_BENCH_UES ?? 20_000);
const IN_FLIGHT = 64;
const TARGET_BYTES = 1024;
const K = Buffer.from('465b5ce8b199b49faa5f0a2ee238a6bc', 'hex');
const OPC = Buffer.from('cd63cb71954a9f4e48a5994e37a02baf', 'hex');
const HOME = { mcc: '001', mnc: '01' };
const NULL_SCHEME = { scheme: 'null' } as const;

function gcNow(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Collects until the figures settle: a freed ArrayBuffer's backing store leaves `arrayBuffers`
 * only when V8's sweeper gets to it, after the collection, so one gc() read at once counted
 * 1–12 MB of already dead buffers (this bench's figure swung 1.0–2.6 kB per UE run to run).
 */
async function settle(gc: () => void): Promise<void> {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
}

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function objectBaseline(gc: () => void): number {
  gc();
  const before = used();
  const held: object[] = [];
  for (let i = 0; i < UES; i++)
    held.push({
      supi: `imsi-0010101${String(i).padStart(8, '0')}`,
      guti: { amfRegionId: 1, amfSetId: 1, amfPointer: 0, tmsi: i + 1 },
      amfUeNgapId: i + 1,
      ranUeNgapId: i + 7,
      kamf: Buffer.alloc(32, i & 0xff),
      knasInt: Buffer.alloc(16, i & 0xff),
      knasEnc: Buffer.alloc(16, (i + 1) & 0xff),
      ulCount: 3,
      dlCount: 4,
      session: {
        id: 1,
        dnn: 'internet',
        type: 'ipv6',
        ulTeid: i + 9,
        dlTeid: i + 11,
        prefix: `2001:db8:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::`,
        qfi: 1,
      },
    });
  gc();
  const perUe = (used() - before) / UES;
  held.length = 0;
  return perUe;
}

export async function benchN2Memory(): Promise<boolean> {
  process.stdout.write(
    `n2-memory (${UES.toLocaleString('en')} UEs registered with one IPv6 PDU session each and held by the gNB driver, ${IN_FLIGHT} in flight, AMF stand-in in a child process, SCTP over UDP on ::1)\n`,
  );
  const gc = gcNow();
  const baseline = objectBaseline(gc);
  const far = await startFarEndProcess<{ port: number; udpPort: number }>(new URL('./amf-far-end.ts', import.meta.url));
  const gnb = new Gnb({
    amf: { address: '::1', port: far.ready.port, transport: 'udp', udpPort: far.ready.udpPort },
    plmn: { mcc: '001', mnc: '01' },
    tac: 1,
    gnbId: 0x43,
    slices: [{ sst: 1 }],
    n3Address: '::1',
    n3Port: 0,
    transcripts: false,
    recorder: noRecorder,
  });
  const held: Ue5g[] = [];
  let failed = 0;
  let perUe = Number.NaN;
  let seconds = 0;
  try {
    const setup = await gnb.open();
    if (setup.kind !== 'accepted') throw new Error(`NG Setup: ${setup.kind}`);
    await settle(gc);
    const before = used();
    let next = 0;
    const t0 = performance.now();
    const one = async (): Promise<void> => {
      while (next < UES) {
        const i = next++;
        // What every UE shares (home PLMN, SUCI scheme, K and OPc) is one object, as a load generator has it.
        const ue = gnb.ue({
          imsi: `0010101${String(i).padStart(8, '0')}`,
          homePlmn: HOME,
          k: K,
          opc: OPC,
          suci: NULL_SCHEME,
        });
        const r = await ue.register();
        const s =
          r.kind === 'registered'
            ? await establishPduSession(ue, { pduSessionId: 1, dnn: 'internet', type: 'ipv6' })
            : undefined;
        if (s?.kind === 'accepted') held.push(ue);
        else {
          failed++;
          gnb.forget(ue);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, one));
    seconds = (performance.now() - t0) / 1000;
    await settle(gc);
    perUe = (used() - before) / Math.max(1, held.length);
  } finally {
    for (const ue of held) gnb.forget(ue);
    await gnb.close();
    await far.stop();
  }
  process.stdout.write(
    `  ${held.length.toLocaleString('en')} UEs held (${failed} failed) after ${seconds.toFixed(1)} s; plain objects would take ${baseline.toFixed(0)} octets each\n`,
  );
  const ok = perUe <= TARGET_BYTES && held.length === UES;
  process.stdout.write(
    `${'memory per registered UE with a PDU session'.padEnd(44)} ${`${perUe.toFixed(0)} B`.padStart(11)}   baseline plain objects: ${`${baseline.toFixed(0)} B`.padStart(9)}   ratio ${(perUe / baseline).toFixed(3)}   target ≤ ${TARGET_BYTES} B ${ok ? 'met' : 'NOT MET'}\n`,
  );
  return ok;
}
