import { Address6 } from 'ip-address';
import { PgwCSxDriver, type Outcome } from '../../../drivers/pgw-c/index.ts';
import { CAUSE, PFCP_CAUSE_NAMES, findIe } from '../../../protocol/pfcp/index.ts';
import type { CycleDriver, CycleOptions, CycleTarget } from './types.ts';

function pfcpFailure(procedure: string, o: Outcome): string | undefined {
  if (o.kind !== 'response') return `${procedure}: timeout`;
  const cause = findIe(o.message, 'cause')?.value;
  if (cause === undefined) return `${procedure}: no Cause IE`;
  return cause === CAUSE.REQUEST_ACCEPTED
    ? undefined
    : `${procedure}: cause ${cause}${PFCP_CAUSE_NAMES[cause] ? ` ${PFCP_CAUSE_NAMES[cause]}` : ''}`;
}

/** The UE's /64: the `index`-th /64 of the pool, wrapping at the pool's size (TS 23.401 §5.3.1.2.2). */
export function nthPrefix(pool: string, index: number): string {
  const p = new Address6(pool);
  const free = BigInt(Math.max(0, 64 - p.subnetMask));
  const base = p.startAddress().bigInt();
  const n = BigInt(index) % (1n << free);
  return Address6.fromBigInt(base + (n << 64n)).correctForm();
}

/**
 * Sxb as the PGW-C (TS 29.244): one Association Setup per thread (§6.2.6), then per cycle Session
 * Establishment with the UE's /64 (§7.5.2) and Session Deletion to the UP F-SEID (§7.5.6).
 */
export async function openSxb(
  t: Extract<CycleTarget, { interface: 'sxb' }>,
  o: CycleOptions,
  signal?: AbortSignal,
): Promise<CycleDriver> {
  const cp = new PgwCSxDriver({ pgwU: t.pgwU, recorder: o.recorder });
  const local = await cp.open();
  // A failed association is not fatal here: each session request then gets cause 72 (§6.2.6.1),
  // which is what the failure counts will show.
  await cp.associate(signal);
  return {
    async cycle(ue, signal) {
      const downlink = { teid: (0x0e000000 + ue.index) >>> 0, address: local.address };
      const est = await cp.establish(
        { uePrefix: nthPrefix(t.ipv6Pool, ue.index), networkInstance: t.apn, downlink },
        signal,
      );
      const setup = pfcpFailure('Session Establishment', est.outcome);
      if (setup || est.outcome.kind !== 'response')
        return { kind: 'setup-failed', cause: setup ?? 'Session Establishment: timeout' };
      const upSeid = findIe(est.outcome.message, 'f-seid')?.seid;
      if (upSeid === undefined)
        return { kind: 'setup-failed', cause: 'Session Establishment: no UP F-SEID (TS 29.244 Table 7.5.3.1-1)' };
      const del = await cp.delete(upSeid, signal);
      const release = pfcpFailure('Session Deletion', del);
      return release
        ? { kind: 'release-failed', setupMs: est.outcome.rttMs, cause: release }
        : { kind: 'completed', setupMs: est.outcome.rttMs };
    },
    close: () => cp.close(),
  };
}
