import type { PacketRecorder } from '../../net/pcap/index.ts';
import { addressBytes, addressString } from '../../protocol/common/ip-bytes.ts';
import { routerSolicitation, type Icmpv6Message, type Ipv6Packet } from '../../protocol/ip/index.ts';
import { type Bearer, UeIpHost } from './ip-host.ts';

export type { Bearer };

/** The /64 of `prefix` with the interface identifier of `iid` (RFC 4291 §2.5.1). */
export function withInterfaceId(prefix: string, iid: string): string {
  const a = addressBytes(prefix);
  addressBytes(iid).copy(a, 8, 8);
  return addressString(a);
}

export type RouterAdvertisement = Extract<Icmpv6Message, { type: 'router-advertisement' }>;

export interface SolicitTimers {
  /** RTR_SOLICITATION_INTERVAL (RFC 4861 §10: 4 s). */
  intervalMs: number;
  /** MAX_RTR_SOLICITATIONS (RFC 4861 §10: 3). */
  maxSolicitations: number;
}

export const RFC4861_TIMERS: SolicitTimers = { intervalMs: 4000, maxSolicitations: 3 };

/**
 * The IPv6 side of a UE on a PDP context / PDN connection (RFC 7066 §2, TS 29.061 §11.2.1.3.2a):
 * link-local address from the network's interface identifier, Router Solicitation with the
 * RFC 4861 §6.3.7 retransmissions, the global address from the RA's /64 (SLAAC, RFC 4862), and
 * ICMPv6 echo and UDP through the bearer (ip-host.ts).
 */
export class UeIpv6Host extends UeIpHost<Ipv6Packet> {
  readonly linkLocal: string;
  global?: string;

  constructor(
    bearer: Bearer,
    /** The interface identifier, as an address in ::/64 (e.g. from the EUA or PDN address). */
    readonly interfaceId: string,
    recorder?: PacketRecorder,
  ) {
    super(bearer, 6, recorder);
    this.linkLocal = withInterfaceId('fe80::', interfaceId);
  }

  /** The address this host sends from: the global one once SLAAC gave it, else link-local. */
  get source(): string {
    return this.global ?? this.linkLocal;
  }

  protected isOwn(address: string): boolean {
    return address === this.linkLocal || address === this.global;
  }

  /** Sends RS until an RA arrives (RFC 4861 §6.3.7); returns it and the number of RS sent, or undefined. */
  async solicitRouter(
    timers: SolicitTimers = RFC4861_TIMERS,
    signal?: AbortSignal,
  ): Promise<{ ra: RouterAdvertisement; packet: Ipv6Packet; solicitations: number } | undefined> {
    for (let n = 1; n <= timers.maxSolicitations; n++) {
      const wait = this.waitFor(
        (p) => p.payload.type === 'icmpv6' && p.payload.message.type === 'router-advertisement',
        timers.intervalMs,
        signal,
      );
      this.send(routerSolicitation(this.linkLocal));
      const p = await wait;
      if (p && p.payload.type === 'icmpv6' && p.payload.message.type === 'router-advertisement') {
        const ra = p.payload.message;
        // RFC 4862 §5.5.3: a /64 with A=1 gives the global address prefix::IID.
        const pio = ra.options.find((o) => o.type === 'prefix-information' && o.autonomous && o.prefixLength === 64);
        if (pio && pio.type === 'prefix-information') this.global = withInterfaceId(pio.prefix, this.interfaceId);
        return { ra, packet: p, solicitations: n };
      }
      if (signal?.aborted) return undefined;
    }
    return undefined;
  }
}
