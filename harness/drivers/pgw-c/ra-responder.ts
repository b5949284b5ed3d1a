import {
  ALL_NODES,
  decodeIpv6Packet,
  encodeIpPacket,
  routerAdvertisement,
  type Ipv6Packet,
} from '../../protocol/ip/index.ts';
import type { Bearer } from '../common/gtpu-endpoint.ts';

/**
 * The PGW-C's side of IPv6 address configuration in a split PGW (TS 23.214 §5.6.1, TS 29.061
 * §11.2.1.3.2a): the UP function forwards the UE's Router Solicitations to the CP function over
 * Sxb-u, and the CP function answers with a Router Advertisement of the PDN connection's /64
 * (A=1, L=0: TS 29.061 §11.2.1.3.4; router lifetime and the MTU option), sent back through the
 * UP function. `toUe`: the Sxb-u bearer toward the F-TEID the UP function chose for it.
 */
export interface RaContent {
  prefix: string;
  mtu: number;
}

/** The router's link-local address on the PDN connection's link. */
export const PGW_LINK_LOCAL = 'fe80::1';

export function answerRouterSolicitations(fromUp: Bearer, toUe: Bearer, ra: RaContent): { answered: () => number } {
  let answered = 0;
  fromUp.onPacket((packet) => {
    let rs: Ipv6Packet;
    try {
      rs = decodeIpv6Packet(packet);
    } catch {
      return;
    }
    if (rs.payload.type !== 'icmpv6' || rs.payload.message.type !== 'router-solicitation') return;
    // RFC 4861 §6.2.6: to the soliciting host when its source is not unspecified, else all-nodes.
    const dst = rs.src === '::' ? ALL_NODES : rs.src;
    toUe.send(
      encodeIpPacket(
        routerAdvertisement(PGW_LINK_LOCAL, dst, {
          routerLifetime: 65535,
          options: [
            {
              type: 'prefix-information',
              prefixLength: 64,
              onLink: false,
              autonomous: true,
              validLifetime: 0xffffffff,
              preferredLifetime: 0xffffffff,
              prefix: ra.prefix,
            },
            { type: 'mtu', mtu: ra.mtu },
          ],
        }),
      ),
    );
    answered++;
  });
  return { answered: () => answered };
}
