import raw from 'raw-socket';

/**
 * Every IPv6 packet of one upper-layer protocol that reaches this host, seen through a raw socket
 * (raw-socket; root): for ICMPv6 errors sent to the host, and for proving that nothing arrived
 * (a UDP datagram that no socket of ours would have read). The kernel hands over the upper-layer
 * message without the IPv6 header (RFC 3542 §3), with the packet's source address.
 */
export interface RawArrival {
  from: string;
  message: Buffer;
  at: number;
}

export class RawIpv6Listener {
  readonly arrivals: RawArrival[] = [];
  private readonly socket: raw.RawSocket;

  constructor(protocol: 'icmpv6' | 'udp' | 'tcp') {
    this.socket = raw.createSocket({
      protocol: protocol === 'icmpv6' ? raw.Protocol.ICMPv6 : protocol === 'tcp' ? raw.Protocol.TCP : raw.Protocol.UDP,
      addressFamily: raw.AddressFamily.IPv6,
      bufferSize: 65536,
    });
    this.socket.on('message', (buffer, from) =>
      this.arrivals.push({ from, message: Buffer.from(buffer), at: performance.now() }),
    );
    this.socket.on('error', () => undefined);
  }

  /** Arrivals so far that `test` accepts. */
  matching(test: (a: RawArrival) => boolean): RawArrival[] {
    return this.arrivals.filter(test);
  }

  close(): void {
    this.socket.close();
  }
}
