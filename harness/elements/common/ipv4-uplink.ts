import { decodeIpv4Packet, type Ipv4Packet } from '../../protocol/ip/index.ts';
import type { FaultSet } from './fault-set.ts';

/**
 * The IPv4 side of a PDN connection or PDP context of PDN type IPv4 or IPv4v6 (TS 29.061
 * §11.2.1.1: the gateway is the IPv4 UE's router toward SGi/Gi; TS 23.401 §5.3.1.1: one IPv4
 * address, from the PAA/EUA): what the gateway does with an IPv4 packet (RFC 791) that arrives
 * in a G-PDU. Forwarded toward SGi when it is a whole, well-formed datagram from the session's own
 * address (BCP 38) with TTL left to forward it (RFC 1812 §5.3.1); dropped otherwise.
 */
export type Ipv4Uplink =
  | { kind: 'forward'; packet: Ipv4Packet }
  | { kind: 'drop'; reason: 'no-ipv4-user-plane' | 'malformed' | 'spoofed' | 'ttl-exceeded' };

export interface Ipv4Session {
  /** The UE's IPv4 address (PAA / EUA); absent on an IPv6-only PDN connection. */
  ipv4?: string;
}

/** No IPv4 user plane at all; no BCP 38 source check (shared with the IPv6 side). */
export const IPV4_UPLINK_FAULTS = ['no-ipv4-user-plane', 'no-source-check'] as const;

export function ipv4Uplink(
  s: Ipv4Session,
  inner: Buffer,
  faults: FaultSet<(typeof IPV4_UPLINK_FAULTS)[number]>,
): Ipv4Uplink {
  if (faults.has('no-ipv4-user-plane')) return { kind: 'drop', reason: 'no-ipv4-user-plane' };
  let p: Ipv4Packet;
  try {
    p = decodeIpv4Packet(inner);
  } catch {
    return { kind: 'drop', reason: 'malformed' };
  }
  // RFC 1812 §5.2.2: a router discards a datagram whose header checksum fails.
  if (!p.headerChecksumValid) return { kind: 'drop', reason: 'malformed' };
  // BCP 38 (RFC 2827 §3), TS 29.061 §11.2.1.1: only the address the network gave this session.
  if (!faults.has('no-source-check') && (s.ipv4 === undefined || p.src !== s.ipv4))
    return { kind: 'drop', reason: 'spoofed' };
  // RFC 1812 §5.3.1: a datagram whose TTL would reach 0 is not forwarded.
  if (p.ttl <= 1) return { kind: 'drop', reason: 'ttl-exceeded' };
  return { kind: 'forward', packet: p };
}
