/**
 * What carries SCTP packets: raw IP (protocol 132, raw-transport.ts), UDP encapsulation
 * (RFC 6951, udp-transport.ts) or an in-process link (memory-link.ts). A transport delivers each
 * packet to the receiver bound to its destination port and sends packets to a peer address (and,
 * over UDP, the peer's encapsulation port).
 */
export interface PeerAddress {
  address: string;
  /** RFC 6951: the peer's UDP encapsulation port; absent over raw IP. */
  udpPort?: number;
}

export type PacketReceiver = (packet: Buffer, from: PeerAddress) => void;

export interface SctpTransport {
  /** e.g. `raw`, `udp`, `memory`: named in errors and captures. */
  readonly kind: string;
  /** Octets of lower-layer headers per packet to `address` (IP, and UDP when encapsulated). */
  headerOverhead(address: string): number;
  send(packet: Buffer, to: PeerAddress): void;
  /** Delivers packets for SCTP port `port` to `receiver`; throws when the port is taken. */
  bind(port: number, receiver: PacketReceiver): void;
  unbind(port: number): void;
  /** Whether the transport answers packets for unbound ports itself (§8.4); raw IP does not. */
  readonly answersOutOfTheBlue: boolean;
  close(): Promise<void>;
}

/** IPv6 fixed header (RFC 8200 §3) or IPv4 header without options (RFC 791 §3.1). */
export const ipHeaderLength = (address: string): number => (address.includes(':') ? 40 : 20);

/** A random port from the dynamic range (RFC 6335 §6). */
export function ephemeralPort(): number {
  return 49152 + Math.floor(Math.random() * 16384);
}
