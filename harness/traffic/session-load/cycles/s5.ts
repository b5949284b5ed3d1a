import { SgwS5Driver } from '../../../drivers/sgw/index.ts';
import { findIe } from '../../../protocol/gtpv2c/index.ts';
import type { CycleDriver, CycleOptions, CycleTarget } from './types.ts';
import { gtpv2Failure } from './gtpv2-cause.ts';

/**
 * S5/S8 as the SGW (TS 29.274 §7.2.1/§7.2.9): Create Session Request for an IPv6 PDN connection,
 * then Delete Session Request to the PGW's S5/S8-C TEID (F-TEID instance 1, Table 7.2.2-1).
 */
export async function openS5(t: Extract<CycleTarget, { interface: 's5' }>, o: CycleOptions): Promise<CycleDriver> {
  const sgw = new SgwS5Driver({ pgw: t.pgw, recorder: o.recorder });
  await sgw.open();
  return {
    async cycle(ue, signal) {
      const { outcome } = await sgw.createSession({ imsi: ue.imsi, apn: t.apn, pdnType: 'ipv6', daf: true }, signal);
      const setup = gtpv2Failure('Create Session', outcome);
      if (setup || outcome.kind !== 'response')
        return { kind: 'setup-failed', cause: setup ?? 'Create Session: timeout' };
      const pgwTeid = findIe(outcome.message, 'f-teid', 1)?.teid;
      if (pgwTeid === undefined)
        return { kind: 'setup-failed', cause: 'Create Session: no PGW S5/S8-C F-TEID (TS 29.274 Table 7.2.2-1)' };
      const del = await sgw.deleteSession(pgwTeid, 5, signal);
      const release = gtpv2Failure('Delete Session', del);
      return release
        ? { kind: 'release-failed', setupMs: outcome.rttMs, cause: release }
        : { kind: 'completed', setupMs: outcome.rttMs };
    },
    close: () => sgw.close(),
  };
}
