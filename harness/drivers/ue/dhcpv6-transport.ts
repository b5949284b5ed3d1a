import { createSocket } from 'node:dgram';
import {
  ALL_DHCP_RELAY_AGENTS_AND_SERVERS,
  DHCPV6_CLIENT_PORT,
  DHCPV6_SERVER_PORT,
} from '../../protocol/dhcpv6/index.ts';
import { encodeIpPacket, ipv6Packet, udpDatagram } from '../../protocol/ip/index.ts';
import type { UeIpv6Host } from './ipv6-host.ts';

/**
 * How a DHCPv6 client's messages reach its link and come back (RFC 8415 §7.1): from the client's
 * link-local address, port 546, to All_DHCP_Relay_Agents_and_Servers (ff02::1:2) port 547; answers
 * arrive on 546 from 547. The requesting router's exchange (dhcpv6-pd-client.ts) runs over any.
 */
export interface Dhcpv6Transport {
  /** Sends one encoded DHCPv6 message to ff02::1:2 port 547. */
  send(message: Buffer): void;
  /** Hands every datagram from port 547 to port 546 to `receive` until the returned function is called. */
  listen(receive: (message: Buffer) => void): () => void;
}

/**
 * A UE's PDN connection as the link (TS 23.401 §5.3.1.2.6): IPv6/UDP packets built here, sent up
 * the bearer with hop limit 1 (RFC 8415 §7.1: link-scoped), answers taken from the UE's packets.
 */
export function bearerTransport(host: UeIpv6Host): Dhcpv6Transport {
  return {
    send(message) {
      host.sendRaw(
        encodeIpPacket(
          ipv6Packet(
            host.linkLocal,
            ALL_DHCP_RELAY_AGENTS_AND_SERVERS,
            udpDatagram(DHCPV6_CLIENT_PORT, DHCPV6_SERVER_PORT, message),
            { hopLimit: 1 },
          ),
        ),
      );
    },
    listen(receive) {
      return host.tap((_raw, p) => {
        if (
          p.payload.type !== 'udp' ||
          p.payload.dstPort !== DHCPV6_CLIENT_PORT ||
          p.payload.srcPort !== DHCPV6_SERVER_PORT
        )
          return false;
        receive(p.payload.data);
        return true;
      });
    },
  };
}

/**
 * A real interface of this machine as the link: a UDP socket bound to the interface's link-local
 * address and port 546, sending to ff02::1:2%interface port 547 (the kernel builds the IPv6 and UDP
 * headers). Needs root for port 546. close() releases the socket.
 */
export async function openUdpTransport(o: {
  interface: string;
  linkLocal: string;
}): Promise<Dhcpv6Transport & { close(): Promise<void> }> {
  const socket = createSocket({ type: 'udp6', reuseAddr: true });
  const receivers = new Set<(message: Buffer) => void>();
  socket.on('message', (m, rinfo) => {
    if (rinfo.port !== DHCPV6_SERVER_PORT) return;
    for (const r of receivers) r(m);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(DHCPV6_CLIENT_PORT, `${o.linkLocal}%${o.interface}`, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => undefined); // a send that fails is a lost datagram: the exchange retransmits
  socket.setMulticastInterface(`::%${o.interface}`);
  socket.setMulticastTTL(1); // IPV6_MULTICAST_HOPS for a udp6 socket: link-scoped anyway
  return {
    send(message) {
      socket.send(message, DHCPV6_SERVER_PORT, `${ALL_DHCP_RELAY_AGENTS_AND_SERVERS}%${o.interface}`);
    },
    listen(receive) {
      receivers.add(receive);
      return () => receivers.delete(receive);
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
