import { MmeS11Driver } from '../../../drivers/mme/index.ts';
import { findIe } from '../../../protocol/gtpv2c/index.ts';
import type { CycleDriver, CycleOptions, CycleTarget } from './types.ts';
import { gtpv2Failure } from './gtpv2-cause.ts';

/**
 * S11 as the MME (TS 23.401 §5.3.2.1 attach, §5.3.8.2 detach): Create Session Request through the
 * SGW to the PGW the MME selected (F-TEID instance 1), then Delete Session Request to the SGW's S11
 * TEID (F-TEID instance 0, TS 29.274 Table 7.2.2-1). The setup latency is the SGW's and PGW's together.
 */
export async function openS11(t: Extract<CycleTarget, { interface: 's11' }>, o: CycleOptions): Promise<CycleDriver> {
  const mme = new MmeS11Driver({ sgw: t.sgw, recorder: o.recorder });
  await mme.open();
  return {
    async cycle(ue, signal) {
      const { outcome } = await mme.createSession(
        { imsi: ue.imsi, apn: t.apn, pdnType: 'ipv6', daf: true, pgwAddress: t.pgwAddress },
        signal,
      );
      const setup = gtpv2Failure('Create Session', outcome);
      if (setup || outcome.kind !== 'response')
        return { kind: 'setup-failed', cause: setup ?? 'Create Session: timeout' };
      const sgwTeid = findIe(outcome.message, 'f-teid', 0)?.teid;
      if (sgwTeid === undefined)
        return { kind: 'setup-failed', cause: 'Create Session: no SGW S11 F-TEID (TS 29.274 Table 7.2.2-1)' };
      const del = await mme.deleteSession(sgwTeid, 5, signal);
      const release = gtpv2Failure('Delete Session', del);
      return release
        ? { kind: 'release-failed', setupMs: outcome.rttMs, cause: release }
        : { kind: 'completed', setupMs: outcome.rttMs };
    },
    close: () => mme.close(),
  };
}
