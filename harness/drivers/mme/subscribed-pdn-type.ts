import { ESM, type PdnFamily } from './esm-cause.ts';

/**
 * The MME's choice of PDN type (TS 23.401 §5.3.1.1): from the PDN type the UE requested and the
 * PDN type subscribed for the APN (TS 29.272 §7.3.62). A UE asking for IPv4v6 on an IPv4-only or
 * IPv6-only subscription gets that single type and ESM cause #50/#51; on an "IPv4_OR_IPv6"
 * subscription the MME picks one family (operator policy: `prefer`) and tells the UE #52 (single
 * address bearers only). A single-family request the subscription does not allow is rejected
 * with #50/#51 (TS 24.301 §6.5.1.4); DAF is set only when IPv4v6 goes to the PGW (TS 29.274 §8.12).
 */
export type SubscribedType = 'ipv4' | 'ipv6' | 'ipv4v6' | 'ipv4-or-ipv6';

export type PdnTypeChoice =
  | { kind: 'request'; pdnType: PdnFamily; daf: boolean; esmCause?: number }
  | { kind: 'reject'; esmCause: number };

export function choosePdnType(
  requested: PdnFamily,
  subscribed: SubscribedType,
  prefer: 'ipv4' | 'ipv6' = 'ipv6',
): PdnTypeChoice {
  const only = (f: 'ipv4' | 'ipv6', cause?: number): PdnTypeChoice => ({
    kind: 'request',
    pdnType: f,
    daf: false,
    ...(cause ? { esmCause: cause } : {}),
  });
  if (requested === 'ipv4v6') {
    if (subscribed === 'ipv4v6') return { kind: 'request', pdnType: 'ipv4v6', daf: true };
    if (subscribed === 'ipv4') return only('ipv4', ESM.PDN_TYPE_IPV4_ONLY_ALLOWED);
    if (subscribed === 'ipv6') return only('ipv6', ESM.PDN_TYPE_IPV6_ONLY_ALLOWED);
    return only(prefer, ESM.SINGLE_ADDRESS_BEARERS_ONLY_ALLOWED);
  }
  if (subscribed === requested || subscribed === 'ipv4v6' || subscribed === 'ipv4-or-ipv6') return only(requested);
  return {
    kind: 'reject',
    esmCause: subscribed === 'ipv4' ? ESM.PDN_TYPE_IPV4_ONLY_ALLOWED : ESM.PDN_TYPE_IPV6_ONLY_ALLOWED,
  };
}
