import { RESULT, type CcaOutcome, type CcrFields, type GxPolicy } from '../../protocol/diameter/index.ts';
import type { GxDecision, GxPolicyDeclaration } from '../../lab/target.ts';
import type { PcrfFault } from './faults.ts';

/**
 * The PCRF's decision on a CCR (TS 29.212 §4.5.1 initial, §4.5.2 update, §4.5.7 termination): a
 * CCR-I is judged by the declared policy of its APN (Called-Station-Id), falling back to the
 * default; it gets either the declared rejection or the default bearer QoS (QCI 9, ARP 8 unless
 * declared), the APN-AMBR and the PCC rules. CCR-U/T of a session the PCRF holds are acknowledged;
 * of one it does not hold, DIAMETER_UNKNOWN_SESSION_ID (RFC 6733 §7.1.5).
 */
export function decide(
  ccr: CcrFields,
  policy: GxPolicyDeclaration | undefined,
  known: boolean,
  faults: readonly PcrfFault[],
): CcaOutcome {
  if (ccr.requestType !== 'initial')
    return known ? { kind: 'success' } : { kind: 'result-code', code: RESULT.DIAMETER_UNKNOWN_SESSION_ID };
  const d = decisionFor(policy, ccr.calledStationId);
  if (d.experimentalResultCode !== undefined) return { kind: 'experimental', code: d.experimentalResultCode };
  if (d.resultCode !== undefined) return { kind: 'result-code', code: d.resultCode };
  return { kind: 'success', policy: authorized(d, faults) };
}

export function decisionFor(policy: GxPolicyDeclaration | undefined, apn: string | undefined): GxDecision {
  const own = apn ? policy?.apns[apn.toLowerCase()] : undefined;
  return { ...(policy?.default ?? {}), ...(own ?? {}) };
}

function authorized(d: GxDecision, faults: readonly PcrfFault[]): GxPolicy {
  const arp = {
    priorityLevel: d.arp?.priorityLevel ?? 8,
    preemptionCapability: d.arp?.preemptionCapability ?? false,
    preemptionVulnerability: d.arp?.preemptionVulnerability ?? true,
  };
  return {
    ...(faults.includes('no-default-bearer-qos') ? {} : { defaultBearerQos: { qci: d.qci ?? 9, arp } }),
    ...(d.apnAmbr ? { apnAmbr: d.apnAmbr } : {}),
    ...(d.chargingRules?.length
      ? {
          chargingRules: d.chargingRules.map((r) => ({
            name: r.name,
            precedence: r.precedence,
            flows: r.flows.map((description) => ({ description })),
            qci: r.qci,
            mbr: r.mbr,
            gbr: r.gbr,
            arp,
          })),
        }
      : {}),
  };
}
