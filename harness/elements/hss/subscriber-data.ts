import type { Plmn } from '../../protocol/common/plmn.ts';
import { EXPERIMENTAL_RESULT, type Subscription, type UlaOutcome } from '../../protocol/diameter/index.ts';
import type { HssFault } from './faults.ts';

/**
 * The HSS's decision on an Update Location (TS 29.272 §5.2.1.1.3): an IMSI it does not know gets
 * DIAMETER_ERROR_USER_UNKNOWN (5001); a subscriber outside its home PLMN in a visited PLMN its data
 * does not allow gets DIAMETER_ERROR_ROAMING_NOT_ALLOWED (5004); otherwise the Subscription-Data
 * from the declared subscriber: one APN-Configuration per APN, the first the default.
 */
/** One subscriber as the HSS holds it (the lab fills it from the target file's `subscribers:`). */
export interface SubscriberRecord {
  msisdn?: string;
  apns: Record<string, { pdnType: 'ipv4' | 'ipv6' | 'ipv4v6' | 'ipv4-or-ipv6'; contextId?: number }>;
  /** Visited PLMNs (MCC-MNC) allowed besides the home PLMN, or any. */
  roaming: 'any' | string[];
}

const NEXT_TYPE = { ipv4: 'ipv6', ipv6: 'ipv4v6', ipv4v6: 'ipv4', 'ipv4-or-ipv6': 'ipv4' } as const;

export const plmnText = (p: Plmn): string => `${p.mcc}-${p.mnc}`;

export function subscriptionOf(s: SubscriberRecord, faults: readonly HssFault[]): Subscription {
  const apns = Object.entries(s.apns).map(([apn, a], i) => ({
    contextId: a.contextId ?? i + 1,
    apn,
    pdnType: faults.includes('wrong-pdn-type') ? NEXT_TYPE[a.pdnType] : a.pdnType,
  }));
  return { ...(s.msisdn ? { msisdn: s.msisdn } : {}), defaultContextId: apns[0].contextId, apns };
}

export function updateLocation(
  subscribers: Readonly<Record<string, SubscriberRecord>>,
  homePlmn: string,
  imsi: string,
  visited: Plmn,
  faults: readonly HssFault[],
): UlaOutcome {
  const s = subscribers[imsi];
  if (!s) return { kind: 'experimental', code: EXPERIMENTAL_RESULT.DIAMETER_ERROR_USER_UNKNOWN };
  const where = plmnText(visited);
  const allowed = where === homePlmn || s.roaming === 'any' || s.roaming.includes(where);
  if (!allowed && !faults.includes('ignore-roaming-restriction')) {
    const code = EXPERIMENTAL_RESULT.DIAMETER_ERROR_ROAMING_NOT_ALLOWED;
    return faults.includes('result-code-for-roaming') ? { kind: 'result-code', code } : { kind: 'experimental', code };
  }
  return { kind: 'success', subscription: subscriptionOf(s, faults) };
}
