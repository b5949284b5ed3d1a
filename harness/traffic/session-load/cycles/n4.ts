import type { PfcpOutcome } from '../../../drivers/common/pfcp-cp.ts';
import { SmfN4Driver } from '../../../drivers/smf-n4/index.ts';
import { CAUSE, findIe, PFCP_CAUSE_NAMES } from '../../../protocol/pfcp/index.ts';
import { nthPrefix } from './sxb.ts';
import type { CycleDriver, CycleOptions, CycleTarget } from './types.ts';

function pfcpFailure(procedure: string, o: PfcpOutcome): string | undefined {
  if (o.kind !== 'response') return `${procedure}: timeout`;
  const cause = findIe(o.message, 'cause')?.value;
  if (cause === undefined) return `${procedure}: no Cause IE`;
  return cause === CAUSE.REQUEST_ACCEPTED
    ? undefined
    : `${procedure}: cause ${cause}${PFCP_CAUSE_NAMES[cause] ? ` ${PFCP_CAUSE_NAMES[cause]}` : ''}`;
}

/**
 * N4 as the SMF (TS 29.244 in the 5G role, TS 23.502 §4.3.2.2.1 step 10 and §4.3.4.2): one
 * Association Setup per thread (§6.2.6), then per cycle the Session Establishment of an IPv6 PDU
 * session with the UE's /64 and an N3 F-TEID for the UPF to choose (drivers/smf-n4 sessionRules),
 * and Session Deletion to the UP F-SEID (§7.5.6).
 */
export async function openN4(
  t: Extract<CycleTarget, { interface: 'n4' }>,
  o: CycleOptions,
  signal?: AbortSignal,
): Promise<CycleDriver> {
  const smf = new SmfN4Driver({ upf: t.upf, recorder: o.recorder });
  await smf.open();
  // A failed association is not fatal: each session request then gets cause 72 (§6.2.6.1), which
  // the failure counts show.
  await smf.associate(signal);
  const n3Family = t.upf.address.includes(':') ? 'ipv6' : 'ipv4';
  return {
    async cycle(ue, signal) {
      const est = await smf.establish(
        { dnn: t.dnn, pduSessionType: 'ipv6', ueIpv6: nthPrefix(t.ipv6Pool, ue.index), qfi: 9, n3Family },
        signal,
      );
      const setup = pfcpFailure('Session Establishment', est.outcome);
      if (setup || est.outcome.kind !== 'response')
        return { kind: 'setup-failed', cause: setup ?? 'Session Establishment: timeout' };
      const upSeid = findIe(est.outcome.message, 'f-seid')?.seid;
      if (upSeid === undefined)
        return { kind: 'setup-failed', cause: 'Session Establishment: no UP F-SEID (TS 29.244 Table 7.5.3.1-1)' };
      const release = pfcpFailure('Session Deletion', await smf.delete(upSeid, signal));
      return release
        ? { kind: 'release-failed', setupMs: est.outcome.rttMs, cause: release }
        : { kind: 'completed', setupMs: est.outcome.rttMs };
    },
    close: () => smf.close(),
  };
}
