import type { ApnPolicy } from '../../harness/lab/index.ts';

/**
 * What a conforming PGW answers to a requested PDN type on an APN with the declared policy
 * (TS 23.401 §5.3.1.1; TS 29.274 §8.4 causes 16, 18, 19, 83). Written here, apart from the PGW
 * stand-in, so a misreading of the spec in one is caught by the other.
 */
export type Family = 'ipv4' | 'ipv6' | 'ipv4v6';

export function expectedPdn(requested: Family, daf: boolean, apn: ApnPolicy): { cause: number; granted?: Family } {
  if (requested !== 'ipv4v6') {
    const allowed = apn.pdnTypes === 'ipv4v6' || apn.pdnTypes === requested;
    return allowed ? { cause: 16, granted: requested } : { cause: 83 };
  }
  if (apn.pdnTypes !== 'ipv4v6') return { cause: 18, granted: apn.pdnTypes };
  if (!daf || apn.singleAddressBearersOnly) return { cause: 19, granted: apn.prefer };
  return { cause: 16, granted: 'ipv4v6' };
}

export const PDN_TYPE_NUMBER: Record<Family, number> = { ipv4: 1, ipv6: 2, ipv4v6: 3 };
