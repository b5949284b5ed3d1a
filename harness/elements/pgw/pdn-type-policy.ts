/**
 * Which PDN type the PGW grants for a request, from the APN's policy (TS 23.401 §5.3.1.1,
 * TS 29.274 §8.4 causes, §8.12 DAF):
 * - IPv4v6 requested on a dual-stack APN with DAF set → IPv4v6, cause 16 Request accepted;
 * - IPv4v6 requested on a dual-stack APN without DAF (a peer on the path cannot carry dual-address
 *   bearers) or on a single-address-bearers-only APN → one family, cause 19;
 * - IPv4v6 requested on an APN that allows one family → that family, cause 18;
 * - a single family the APN does not allow → rejected, cause 83 Preferred PDN type not supported.
 */
export type PdnType = 'ipv4' | 'ipv6' | 'ipv4v6';

export interface ApnPdnPolicy {
  /** The families the APN grants. */
  allowed: 'ipv4' | 'ipv6' | 'ipv4v6';
  /** Dual-stack APN that only sets up single-address bearers (two PDN connections instead). */
  singleAddressBearersOnly?: boolean;
  /** Which family to grant when only one can be: the operator's preference. */
  prefer?: 'ipv4' | 'ipv6';
}

export const CAUSE = {
  REQUEST_ACCEPTED: 16,
  NEW_PDN_TYPE_NETWORK_PREFERENCE: 18,
  NEW_PDN_TYPE_SINGLE_ADDRESS_BEARER_ONLY: 19,
  PREFERRED_PDN_TYPE_NOT_SUPPORTED: 83,
} as const;

export type PdnDecision = { granted: PdnType; cause: 16 | 18 | 19 } | { granted: undefined; cause: 83 };

export function decidePdnType(requested: PdnType, daf: boolean, policy: ApnPdnPolicy): PdnDecision {
  const prefer = policy.prefer ?? 'ipv6';
  if (requested === 'ipv4v6') {
    if (policy.allowed !== 'ipv4v6') return { granted: policy.allowed, cause: CAUSE.NEW_PDN_TYPE_NETWORK_PREFERENCE };
    if (policy.singleAddressBearersOnly || !daf)
      return { granted: prefer, cause: CAUSE.NEW_PDN_TYPE_SINGLE_ADDRESS_BEARER_ONLY };
    return { granted: 'ipv4v6', cause: CAUSE.REQUEST_ACCEPTED };
  }
  if (policy.allowed === 'ipv4v6' || policy.allowed === requested)
    return { granted: requested, cause: CAUSE.REQUEST_ACCEPTED };
  return { granted: undefined, cause: CAUSE.PREFERRED_PDN_TYPE_NOT_SUPPORTED };
}
