import type { NdOption } from './nd-options.ts';
import type { Ipv6Packet } from './packet.ts';

/**
 * Packets the UE models and stand-ins send, per RFC 4861: ND messages go out with hop limit 255
 * (§6.1.1/§6.1.2 receivers drop anything else); RS to all-routers ff02::2 (§6.3.7).
 */
export const ALL_NODES = 'ff02::1';
export const ALL_ROUTERS = 'ff02::2';

const base = (src: string, dst: string, hopLimit: number): Omit<Ipv6Packet, 'payload'> => ({
  version: 6,
  trafficClass: 0,
  flowLabel: 0,
  hopLimit,
  src,
  dst,
  extensionHeaders: [],
});

export function routerSolicitation(src: string, options: NdOption[] = []): Ipv6Packet {
  return {
    ...base(src, ALL_ROUTERS, 255),
    payload: { type: 'icmpv6', message: { type: 'router-solicitation', options } },
  };
}

export interface RaFields {
  curHopLimit?: number;
  managed?: boolean;
  other?: boolean;
  routerLifetime: number;
  reachableTime?: number;
  retransTimer?: number;
  options: NdOption[];
}

export function routerAdvertisement(src: string, dst: string, ra: RaFields): Ipv6Packet {
  return {
    ...base(src, dst, 255),
    payload: {
      type: 'icmpv6',
      message: {
        type: 'router-advertisement',
        curHopLimit: ra.curHopLimit ?? 64,
        managed: ra.managed ?? false,
        other: ra.other ?? false,
        otherFlags: 0,
        routerLifetime: ra.routerLifetime,
        reachableTime: ra.reachableTime ?? 0,
        retransTimer: ra.retransTimer ?? 0,
        options: ra.options,
      },
    },
  };
}

export function echoRequest(
  src: string,
  dst: string,
  identifier: number,
  sequence: number,
  data: Buffer = Buffer.alloc(0),
  hopLimit = 64,
): Ipv6Packet {
  return {
    ...base(src, dst, hopLimit),
    payload: { type: 'icmpv6', message: { type: 'echo-request', identifier, sequence, data } },
  };
}

export function neighborSolicitation(src: string, dst: string, target: string, options: NdOption[] = []): Ipv6Packet {
  return {
    ...base(src, dst, 255),
    payload: { type: 'icmpv6', message: { type: 'neighbor-solicitation', target, options } },
  };
}
