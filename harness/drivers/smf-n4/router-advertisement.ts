import { decodeIpv6Packet, encodeIpPacket, pduSessionRouterAdvertisement } from '../../protocol/ip/index.ts';
import type { Bearer } from '../common/gtpu-endpoint.ts';

/**
 * The SMF's part of IPv6 stateless autoconfiguration (TS 23.501 §5.8.2.2.2): Router Solicitations
 * the UPF sends up N4-u are answered with a Router Advertisement holding the PDU session's /64
 * (A = 1, L = 0, MTU, RDNSS: protocol/ip/pdu-session-ra.ts, shared with the SMF stand-in), sent
 * back down N4-u for the UPF to forward to the UE; `unsolicited()` sends one without waiting for
 * an RS.
 */
export interface RaAnswerer {
  /** Router Solicitations received. */
  readonly solicitations: number;
  unsolicited(): void;
}

export function answerRouterSolicitations(
  n4u: Bearer,
  session: { prefix: string; mtu?: number; dns?: string[] },
): RaAnswerer {
  const send = (to: string) => n4u.send(encodeIpPacket(pduSessionRouterAdvertisement(to, session)));
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
