/**
 * Which IP family a gateway grants for a request, from the APN's policy — the same rule on S5/S8
 * (TS 23.401 §5.3.1.1) and Gn (TS 23.060 §9.2.1, §9.2.1.1), told in each protocol's causes by the
 * element (PGW: TS 29.274 causes 16/18/19/83; GGSN: TS 29.060 causes 128/129/130/220):
 * - IPv4v6 asked on a dual-stack APN by a path that carries dual-address bearers (DAF) → IPv4v6;
 * - IPv4v6 asked without DAF, or on a single-address-bearers-only APN → one family, "single
 *   address bearer only";
 * - IPv4v6 asked on an APN that allows one family → that family, "network preference";
 * - a single family the APN does not allow → rejected.
 */
export type PdnType = 'ipv4' | 'ipv6' | 'ipv4v6';

export interface ApnPdnPolicy {
  /** The families the APN grants. */
  allowed: PdnType;
  /** Dual-stack APN that only sets up single-address bearers (two PDN connections instead). */
  singleAddressBearersOnly?: boolean;
  /** Which family to grant when only one can be: the operator's preference. */
  prefer?: 'ipv4' | 'ipv6';
}

export type PdnTypeOutcome = 'accepted' | 'network-preference' | 'single-address-bearer-only' | 'not-allowed';

export type PdnTypeDecision =
  | { granted: PdnType; outcome: Exclude<PdnTypeOutcome, 'not-allowed'> }
  | { granted: undefined; outcome: 'not-allowed' };

export function decideFamily(requested: PdnType, dualAddressBearer: boolean, policy: ApnPdnPolicy): PdnTypeDecision {
  const prefer = policy.prefer ?? 'ipv6';
  if (requested === 'ipv4v6') {
    if (policy.allowed !== 'ipv4v6') return { granted: policy.allowed, outcome: 'network-preference' };
    if (policy.singleAddressBearersOnly || !dualAddressBearer)
      return { granted: prefer, outcome: 'single-address-bearer-only' };
    return { granted: 'ipv4v6', outcome: 'accepted' };
  }
  if (policy.allowed === 'ipv4v6' || policy.allowed === requested) return { granted: requested, outcome: 'accepted' };
  return { granted: undefined, outcome: 'not-allowed' };
}
