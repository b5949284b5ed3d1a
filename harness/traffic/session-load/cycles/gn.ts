import { SgsnGnDriver, type Outcome } from '../../../drivers/sgsn/index.ts';
import { findIe, gtpv1cCause } from '../../../protocol/gtpv1c/index.ts';
import type { CycleDriver, CycleOptions, CycleTarget } from './types.ts';

/** TS 29.060 §7.7.1: 128 "Request accepted". */
const ACCEPTED = 128;

function gtpv1Failure(procedure: string, o: Outcome): string | undefined {
  if (o.kind !== 'response') return `${procedure}: timeout`;
  const cause = findIe(o.message, 'cause')?.value;
  if (cause === undefined) return `${procedure}: no Cause IE`;
  return cause === ACCEPTED ? undefined : `${procedure}: cause ${gtpv1cCause(cause)}`;
}

/**
 * Gn as the SGSN (TS 29.060 §7.3.1/§7.3.5): Create PDP Context Request for an IPv6 PDP context,
 * then Delete PDP Context Request with Teardown Ind.
 */
export async function openGn(t: Extract<CycleTarget, { interface: 'gn' }>, o: CycleOptions): Promise<CycleDriver> {
  // No G-PDU is sent under load, and several threads cannot all bind port 2152: naming a user-plane
  // port makes the driver bind an ephemeral one.
  const sgsn = new SgsnGnDriver({
    ggsn: { ...t.ggsn, userPlanePort: t.ggsn.userPlanePort ?? 2152 },
    recorder: o.recorder,
  });
  await sgsn.open();
  return {
    async cycle(ue, signal) {
      const { outcome, context } = await sgsn.createPdpContext({ imsi: ue.imsi, apn: t.apn, pdpType: 'ipv6' }, signal);
      const setup = gtpv1Failure('Create PDP Context', outcome);
      if (setup || !context || outcome.kind !== 'response')
        return { kind: 'setup-failed', cause: setup ?? 'Create PDP Context: timeout' };
      const del = await sgsn.deletePdpContext(context, signal);
      const release = gtpv1Failure('Delete PDP Context', del);
      return release
        ? { kind: 'release-failed', setupMs: outcome.rttMs, cause: release }
        : { kind: 'completed', setupMs: outcome.rttMs };
    },
    close: () => sgsn.close(),
  };
}
