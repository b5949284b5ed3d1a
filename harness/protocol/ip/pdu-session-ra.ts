import { routerAdvertisement } from './builders.ts';
import type { NdOption, Pref64Length } from './nd-options.ts';
import type { Ipv6Packet } from './types.ts';

/**
 * The Router Advertisement an SMF (or PGW) sends a UE on its PDU session (TS 23.501 §5.8.2.2.2,
 * TS 29.061 §11.2.1.3.2a): one Prefix Information option with the session's /64, A = 1 and L = 0
 * (a point-to-point link: the UE has no on-link neighbours), infinite lifetimes; the MTU option
 * (RFC 4861 §4.6.4), RDNSS (RFC 8106 §5.1) and PREF64 (RFC 8781 §4, the PLAT's NAT64 prefix for
 * 464XLAT) when the DNN has them. From the router's link-local address, to the soliciting UE's
 * link-local address or all-nodes.
 */
export interface PduSessionRa {
  /** The session's /64, as `prefix::`. */
  prefix: string;
  mtu?: number;
  dns?: readonly string[];
  /** L flag; false on a PDU session (only a faulty element sets it). */
  onLink?: boolean;
  /** The PLAT's Pref64::/n (RFC 6052 lengths), announced for 464XLAT (RFC 8781). */
  pref64?: string;
}

export const SMF_LINK_LOCAL = 'fe80::1';
const INFINITE = 0xffffffff;

export function pduSessionRouterAdvertisement(to: string, s: PduSessionRa, from = SMF_LINK_LOCAL): Ipv6Packet {
  const options: NdOption[] = [
    {
      type: 'prefix-information',
      prefixLength: 64,
      onLink: s.onLink ?? false,
      autonomous: true,
      validLifetime: INFINITE,
      preferredLifetime: INFINITE,
      prefix: s.prefix,
    },
  ];
  if (s.mtu) options.push({ type: 'mtu', mtu: s.mtu });
  if (s.dns?.length) options.push({ type: 'rdnss', lifetime: INFINITE, servers: [...s.dns] });
  // RFC 8781 §4: lifetime in units of 8 s (at most 65528); 1800 s outlives a few RA intervals.
  if (s.pref64) {
    const [prefix, length] = s.pref64.split('/');
    options.push({ type: 'pref64', lifetime: 1800, prefixLength: Number(length) as Pref64Length, prefix });
  }
  return routerAdvertisement(from, to, { routerLifetime: 65535, options });
}
