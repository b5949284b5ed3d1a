import { decideFamily, type ApnPdnPolicy, type PdnType } from '../common/pdn-type-decision.ts';

/**
 * The PGW's PDN type decision (elements/common/pdn-type-decision.ts) in TS 29.274 §8.4 causes:
 * 16 Request accepted, 18 New PDN type due to network preference, 19 New PDN type due to single
 * address bearer only, 83 Preferred PDN type not supported (DAF: §8.12).
 */
export type { ApnPdnPolicy, PdnType };

export const CAUSE = {
  REQUEST_ACCEPTED: 16,
  NEW_PDN_TYPE_NETWORK_PREFERENCE: 18,
  NEW_PDN_TYPE_SINGLE_ADDRESS_BEARER_ONLY: 19,
  PREFERRED_PDN_TYPE_NOT_SUPPORTED: 83,
} as const;

export type PdnDecision = { granted: PdnType; cause: 16 | 18 | 19 } | { granted: undefined; cause: 83 };

export function decidePdnType(requested: PdnType, daf: boolean, policy: ApnPdnPolicy): PdnDecision {
  const d = decideFamily(requested, daf, policy);
  switch (d.outcome) {
    case 'accepted':
      return { granted: d.granted, cause: CAUSE.REQUEST_ACCEPTED };
    case 'network-preference':
      return { granted: d.granted, cause: CAUSE.NEW_PDN_TYPE_NETWORK_PREFERENCE };
    case 'single-address-bearer-only':
      return { granted: d.granted, cause: CAUSE.NEW_PDN_TYPE_SINGLE_ADDRESS_BEARER_ONLY };
    case 'not-allowed':
      return { granted: undefined, cause: CAUSE.PREFERRED_PDN_TYPE_NOT_SUPPORTED };
  }
}
