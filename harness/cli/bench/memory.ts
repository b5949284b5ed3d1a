import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SgwS5Driver } from '../../drivers/sgw/index.ts';
import { findIe } from '../../protocol/gtpv2c/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { addressBytes } from '../../protocol/common/ip-bytes.ts';
import { PDN_TYPE, SessionTable } from '../../traffic/session-table.ts';
import { startFarEnd } from './threads.ts';

/**
 * `bench memory`: one million IPv6 sessions set up over S5/S8 against the PGW stand-in (worker
 * thread) and held in the load's session table; the harness's memory (heap + array buffers of the
 * main thread, after a full GC) per held session, against the 2 KiB target (issue 8). The baseline
 * is the same count of sessions held as plain JS objects, the obvious design.
 */
const SESSIONS = Number(process.env.V6H_BENCH_SESSIONS ?? 1_000_000);
const IN_FLIGHT = 300;
const TARGET_BYTES = 2048;

function gcNow(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function objectBaseline(gc: () => void): Promise<number> {
  gc();
  const before = used();
  const held: object[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    held.push({
      imsi: `001010${String(i).padStart(9, '0')}`,
      sgwTeid: i + 1,
      pgwTeid: i + 7,
      pgwUTeid: i + 9,
      prefix: `2001:db8:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::`,
      ipv4: undefined,
      ebi: 5,
      pdnType: 'ipv6',
      setupMicros: 1234,
    });
  }
  gc();
  const perSession = (used() - before) / SESSIONS;
  held.length = 0;
  return perSession;
}

export async function benchMemory(): Promise<boolean> {
  process.stdout.write(
    `memory (${SESSIONS.toLocaleString('en')} IPv6 sessions set up against the PGW stand-in and held, ${IN_FLIGHT} in flight)\n`,
  );
  const gc = gcNow();
  const baseline = await objectBaseline(gc);
  const far = await startFarEnd<{ port: number; userPlanePort: number }>(
    new URL('./pgw-far-end.ts', import.meta.url),
    {},
  );
  const sgw = new SgwS5Driver({
    pgw: { address: '::1', port: far.ready.port, userPlanePort: far.ready.userPlanePort },
    recorder: noRecorder,
  });
  await sgw.open();
  gc();
  const before = used();
  const table = new SessionTable(SESSIONS);
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < SESSIONS) {
      const i = next++;
      const imsi = `001010${String(i).padStart(9, '0')}`;
      const started = performance.now();
      const { outcome, sgwTeid } = await sgw.createSession({ imsi, apn: 'internet', pdnType: 'ipv6', daf: true });
      const res = outcome.kind === 'response' ? outcome.message : undefined;
      const pgwTeid = res && findIe(res, 'f-teid', 1)?.teid;
      const bearer = res && findIe(res, 'bearer-context');
      const pgwU = bearer && findIe(bearer, 'f-teid', 2);
      const paa = res && findIe(res, 'paa');
      if (pgwTeid === undefined || !pgwU || !paa?.ipv6) {
        failures++;
        continue;
      }
      const row = table.add(imsi, sgwTeid);
      table.activate(row, {
        remoteTeid: pgwTeid,
        userPlaneTeid: pgwU.teid,
        prefix: addressBytes(paa.ipv6),
        ebi: 5,
        pdnType: PDN_TYPE.ipv6,
        setupMicros: (performance.now() - started) * 1000,
      });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - t0) / 1000;
  gc();
  const perSession = (used() - before) / table.size;
  await sgw.close();
  await far.stop();
  process.stdout.write(
    `  ${table.size.toLocaleString('en')} sessions held (${failures} failed) after ${seconds.toFixed(1)} s (${(table.size / seconds / 1e3).toFixed(1)} k/s); ` +
      `table rows ${SessionTable.bytesPerRow} octets; plain objects would take ${baseline.toFixed(0)} octets each\n`,
  );
  const ok = perSession < TARGET_BYTES && table.size === SESSIONS;
  process.stdout.write(
    `${'memory per held session'.padEnd(44)} ${`${perSession.toFixed(0)} B`.padStart(11)}   baseline plain objects: ${`${baseline.toFixed(0)} B`.padStart(9)}   ratio ${(perSession / baseline).toFixed(3)}   target < ${TARGET_BYTES} B ${ok ? 'met' : 'NOT MET'}\n`,
  );
  return ok;
}
