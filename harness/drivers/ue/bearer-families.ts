import type { Bearer } from './ipv6-host.ts';

/**
 * One bearer of an IPv4v6 PDN connection carries both families (TS 23.401 §5.3.1.1: one default
 * bearer, one IPv4 address and one /64): the UE's IPv6 and IPv4 stacks each see the packets of
 * their own version (RFC 791 §3.1 / RFC 8200 §3: the first four bits) and send on the same bearer.
 */
export function splitByFamily(bearer: Bearer): { ipv6: Bearer; ipv4: Bearer } {
  const listeners: { 4?: (packet: Buffer) => void; 6?: (packet: Buffer) => void } = {};
  bearer.onPacket((packet) => {
    const version = packet.length ? packet[0] >> 4 : 0;
    if (version === 4 || version === 6) listeners[version]?.(packet);
  });
  const side = (version: 4 | 6): Bearer => ({
    send: (packet) => bearer.send(packet),
    onPacket: (listener) => void (listeners[version] = listener),
  });
  return { ipv6: side(6), ipv4: side(4) };
}
