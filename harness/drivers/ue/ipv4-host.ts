import type { PacketRecorder } from '../../net/pcap/index.ts';
import type { Ipv4Packet } from '../../protocol/ip/index.ts';
import { type Bearer, UeIpHost } from './ip-host.ts';

/**
 * The IPv4 side of a UE on a PDN connection of PDN type IPv4 or IPv4v6 (TS 23.401 §5.3.1.1): its
 * one address is the PAA's IPv4 address (TS 29.274 §8.14), known from attach, so there is no
 * address configuration on the bearer; ICMP echo (RFC 792), a UDP request/response and, through
 * tcp-client.ts, TCP, all from that address (ip-host.ts).
 */
export class UeIpv4Host extends UeIpHost<Ipv4Packet> {
  constructor(
    bearer: Bearer,
    /** The PAA's IPv4 address. */
    readonly address: string,
    recorder?: PacketRecorder,
  ) {
    super(bearer, 4, recorder);
  }

  get source(): string {
    return this.address;
  }

  protected isOwn(address: string): boolean {
    return address === this.address;
  }
}
