import { LabError } from '../types.ts';
import type { InternetHosts } from '../target.ts';
import { shellIn } from './container-ops.ts';
import { SGI_DEVICE } from '../../elements/pgw/sgi-tun.ts';

/**
 * IPv4 over the docker lab's SGi (TS 29.061 §11.2.1.1: the gateway is an IPv4 UE's router toward
 * SGi). The SGi network is a docker IPv6 network; its IPv4 subnet is docker's own, and the
 * internet hosts' IPv4 addresses (the target's 198.51.100.0/24) cannot be a docker subnet of their
 * own, because the NAT64's IPv4 network of the gateway centre holds that /24 (docker refuses
 * overlapping subnets). So each host that answers over IPv4 holds its address as a /32 on its SGi
 * interface, and IPv4 is routed over IPv6 next hops (RFC 8950's IPv4 routes with IPv6 next hops;
 * Linux `via inet6`): the PGW routes each host's /32 to the host's SGi address, each host routes
 * the UE IPv4 pools to the PGW's.
 */
export interface SgiIpv4Host {
  /** Which of the target's hosts, for errors. */
  role: 'dual-stack' | 'broken-ipv6';
  ipv4: string;
  /** Its address on the SGi network (the broken-IPv6 host's declared IPv6 stays unassigned). */
  sgiIpv6: string;
}

/** The hosts that answer over IPv4 on SGi, given the address of the SGi /64 to build from. */
export function sgiIpv4Hosts(hosts: InternetHosts, inSubnet: (suffix: string) => string): SgiIpv4Host[] {
  return [
    { role: 'dual-stack', ipv4: hosts.dualStack.ipv4, sgiIpv6: hosts.dualStack.ipv6 },
    { role: 'broken-ipv6', ipv4: hosts.brokenIpv6.ipv4, sgiIpv6: inSubnet('b0') },
  ];
}

/**
 * Shell for a host container: its IPv4 address on eth0, the UE IPv4 pools via the PGW, answered
 * from that address (`src`: an unconnected UDP answer would otherwise leave from docker's own
 * address on eth0).
 */
export function hostIpv4Script(ipv4: string, pools: readonly string[], router: string): string {
  return [
    `ip -4 addr add ${ipv4}/32 dev eth0`,
    ...pools.map((p) => `ip -4 route replace ${p} via inet6 ${router} dev eth0 src ${ipv4}`),
  ].join('; ');
}

/** The routing table (and rule priority) for what UEs send over IPv4 in a PGW container. */
const UE_IPV4_TABLE = 4600;

/**
 * In a PGW container joined to SGi at `router`: IPv4 that comes up the TUN from UEs is routed by a
 * table of its own (a rule on the device), which holds each host's /32 via its SGi address and
 * sends anything else nowhere (ICMP unreachable from the PGW): no UE's IPv4 leaves by the
 * container's default route over the core network to the machine's own. The container's own
 * routes stay as docker set them (a partition scenario disconnects and reconnects its network).
 */
export async function routePgwIpv4(
  pgw: string,
  router: string,
  hosts: readonly SgiIpv4Host[],
  /** The gateway's TUN toward the UEs (the PGW stand-in's; open5gs's UPF uses ogstun). */
  device = SGI_DEVICE,
  element = 'pgw',
): Promise<void> {
  const dev = `$(ip -o -6 addr show to ${router}/128 | awk '{print $2}')`;
  const table = `table ${UE_IPV4_TABLE}`;
  const script = [
    `dev=${dev}`,
    'test -n "$dev"',
    ...hosts.map((h) => `ip -4 route replace ${h.ipv4}/32 via inet6 ${h.sgiIpv6} dev "$dev" ${table}`),
    `ip -4 route replace unreachable default ${table}`,
    `ip -4 rule add iif ${device} lookup ${UE_IPV4_TABLE} priority ${UE_IPV4_TABLE}`,
  ].join(' && ');
  await shellIn(pgw, script).catch((e: Error) => {
    throw new LabError(element, `routing IPv4 to the internet hosts over SGi (via inet6): ${e.message}`);
  });
}
