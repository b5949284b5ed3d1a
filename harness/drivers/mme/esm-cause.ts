/**
 * What the MME tells the UE (TS 24.301 ESM causes, Annex B) for the PGW's GTP cause in a Create
 * Session Response (TS 29.274 Annex C mapping; TS 24.301 §6.5.1.3 accepted with a changed PDN
 * type, §6.5.1.4 rejected):
 *   16 Request accepted → no ESM cause; 18 New PDN type due to network preference → #50 (IPv4
 *   granted) or #51 (IPv6 granted); 19 New PDN type due to single address bearer only → #52;
 *   83 Preferred PDN type not supported → reject with #50 (IPv6 asked) or #51 (IPv4 asked);
 *   78 Missing or unknown APN → #27; 84 All dynamic addresses are occupied → #26; anything
 *   else → #30 Request rejected by Serving GW or PDN GW.
 */
export type PdnFamily = 'ipv4' | 'ipv6' | 'ipv4v6';

export const ESM = {
  INSUFFICIENT_RESOURCES: 26,
  MISSING_OR_UNKNOWN_APN: 27,
  REJECTED_BY_SGW_OR_PGW: 30,
  PDN_TYPE_IPV4_ONLY_ALLOWED: 50,
  PDN_TYPE_IPV6_ONLY_ALLOWED: 51,
  SINGLE_ADDRESS_BEARERS_ONLY_ALLOWED: 52,
} as const;

export type EsmAnswer =
  | { kind: 'accepted'; granted: PdnFamily; esmCause?: number }
  | { kind: 'rejected'; esmCause: number };

export function esmAnswer(requested: PdnFamily, gtpCause: number, granted: PdnFamily | undefined): EsmAnswer {
  if (gtpCause >= 16 && gtpCause <= 63 && granted) {
    if (gtpCause === 18)
      return {
        kind: 'accepted',
        granted,
        esmCause: granted === 'ipv4' ? ESM.PDN_TYPE_IPV4_ONLY_ALLOWED : ESM.PDN_TYPE_IPV6_ONLY_ALLOWED,
      };
    if (gtpCause === 19) return { kind: 'accepted', granted, esmCause: ESM.SINGLE_ADDRESS_BEARERS_ONLY_ALLOWED };
    return { kind: 'accepted', granted };
  }
  if (gtpCause === 83)
    return {
      kind: 'rejected',
      esmCause: requested === 'ipv4' ? ESM.PDN_TYPE_IPV6_ONLY_ALLOWED : ESM.PDN_TYPE_IPV4_ONLY_ALLOWED,
    };
  if (gtpCause === 78) return { kind: 'rejected', esmCause: ESM.MISSING_OR_UNKNOWN_APN };
  if (gtpCause === 84) return { kind: 'rejected', esmCause: ESM.INSUFFICIENT_RESOURCES };
  return { kind: 'rejected', esmCause: ESM.REJECTED_BY_SGW_OR_PGW };
}
