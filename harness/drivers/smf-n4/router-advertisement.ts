import { decodeIpv6Packet, encodeIpPacket, type NdOption, routerAdvertisement } from '../../protocol/ip/index.ts';
import type { Bearer } from '../common/gtpu-endpoint.ts';

/**
 * The SMF's part of IPv6 stateless autoconfiguration (TS 23.501 §5.8.2.2.2): Router Solicitations
 * the UPF sends up N4-u are answered with a Router Advertisement holding the PDU session's /64
 * (A = 1, L = 0 as TS 29.061 §11.2.1.3.2a has it for a point-to-point link), the MTU and RDNSS
 * (RFC 8106), sent back down N4-u for the UPF to forward to the UE; `unsolicited()` sends one
 * without waiting for an RS.
 */
export interface RaAnswerer {
  /** Router Solicitations received. */
  readonly solicitations: number;
  unsolicited(): void;
}

const SMF_LINK_LOCAL = 'fe80::1';
const INFINITE = 0xffffffff;

export function answerRouterSolicitations(
  n4u: Bearer,
  session: { prefix: string; mtu?: number; dns?: string[] },
): RaAnswerer {
  const options: NdOption[] = [
    {
      type: 'prefix-information',
      prefixLength: 64,
      onLink: false,
      autonomous: true,
      validLifetime: INFINITE,
      preferredLifetime: INFINITE,
      prefix: session.prefix,
    },
  ];
  if (session.mtu) options.push({ type: 'mtu', mtu: session.mtu });
  if (session.dns?.length) options.push({ type: 'rdnss', lifetime: INFINITE, servers: session.dns });
  const send = (to: string) =>
    n4u.send(encodeIpPacket(routerAdvertisement(SMF_LINK_LOCAL, to, { routerLifetime: 65535, options })));
  const state = {
    solicitations: 0,
    unsolicited: () => send('ff02::1'),
  };
  n4u.onPacket((packet) => {
    try {
      const p = decodeIpv6Packet(packet);
      if (p.payload.type !== 'icmpv6' || p.payload.message.type !== 'router-solicitation') return;
      state.solicitations++;
      send(p.src.startsWith('fe80:') ? p.src : 'ff02::1');
    } catch {
      // Not an IPv6 packet: nothing for the SMF.
    }
  });
  return state;
}
