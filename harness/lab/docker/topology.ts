import { Address4, Address6 } from 'ip-address';
import type { FirewallPolicy, InternetHosts, Target } from '../target.ts';
import { hostIpv4Script, sgiIpv4Hosts, type SgiIpv4Host } from './sgi-ipv4.ts';
import { tunPools } from '../../elements/pgw/pgw.ts';
import { isOpen5gs } from './real/open5gs.ts';

/**
 * The docker lab's topology, the one source of truth for both ways of bringing it up: the docker
 * lab (docker-lab.ts, real-container.ts) creates these networks and containers per run, and
 * `v6harness lab compose` writes docker-compose.yml from the same functions (compose-file.ts), so
 * the two cannot describe different labs. Pure: addresses and settings, no docker calls.
 *
 * Every network is internal (no route off the machine; the host holds each bridge's first
 * address and reaches the containers directly). IPv6 from ULAs (RFC 4193) and the target's own
 * documentation addresses (RFC 3849); IPv4 from the benchmarking range 198.18.0.0/15 (RFC 2544
 * §C.2.2, RFC 6890), which is set aside for test labs, or the target's documentation /24
 * (RFC 5737).
 */
export type LabNetworkKey = 'core' | 'gw' | 'sgi' | 'ipv4';

export interface LabNetwork {
  key: LabNetworkKey;
  /** What runs on it, for people reading the compose file. */
  purpose: string;
  ipv6?: string;
  ipv4: string;
  internal: boolean;
  mtu?: number;
}

/** Environment overrides of the fixed subnets (a machine already on them). */
export interface TopologyEnv {
  V6HARNESS_LAB_SUBNET?: string;
  V6HARNESS_GW_SUBNET?: string;
}

/** The core network: every stand-in (S11, S5/S8, Gn, Sxb, S6a, RADIUS accounting) and the AAA. */
export function coreNetwork(env: TopologyEnv = process.env): LabNetwork {
  return {
    key: 'core',
    purpose: 'the stand-ins (S11, S5/S8, Gn, Sxb, S6a) and the AAA; the harness sends from the bridge',
    ipv6: env.V6HARNESS_LAB_SUBNET ?? 'fd00:6:1::/64',
    ipv4: '198.18.1.0/24',
    internal: true,
  };
}

/** The gateway centre's network: the real resolvers, NAT64 and firewall, and the lab's authoritative server. */
export function gatewayNetwork(env: TopologyEnv = process.env): LabNetwork {
  return {
    key: 'gw',
    purpose: "the gateway centre's real elements (unbound, bind9, tayga, nftables) and the authoritative bind9",
    ipv6: env.V6HARNESS_GW_SUBNET ?? 'fd00:6:2::/64',
    ipv4: '198.18.2.0/24',
    internal: true,
  };
}

/**
 * The SGi network of a `sgi: tun` PGW (TS 29.061 §11.2): the /64 of the target's IPv6-only internet
 * host; the PGW is its router at ::fe, a PLAT at ::64 (::1 is the bridge's, docker's gateway).
 */
export function sgiNetwork(hosts: InternetHosts): LabNetwork & { router: string; plat: string; prefix: string } {
  const prefix = new Address6(`${hosts.ipv6Only}/64`).startAddress().correctForm();
  const inSubnet = sgiAddress(prefix);
  return {
    key: 'sgi',
    purpose: "a `sgi: tun` PGW's SGi (TS 29.061 §11.2) and the internet hosts that answer behind it",
    ipv6: `${prefix}/64`,
    ipv4: '198.18.3.0/24',
    internal: true,
    prefix,
    router: inSubnet('fe'),
    plat: inSubnet('64'),
  };
}

/** An address of the SGi /64 by its interface identifier (`fe`, `64`, `b0`). */
export const sgiAddress = (prefix: string) => (suffix: string) =>
  prefix.endsWith('::') ? `${prefix}${suffix}` : `${prefix}:${suffix}`;

/**
 * The IPv4 network behind a NAT64 (RFC 6146), on the /24 of the target's IPv4-only host, with the
 * translator at .254 of it; its MTU is the target's (a path MTU scenario shrinks it).
 */
export function ipv4Network(hosts: InternetHosts, mtu: number): LabNetwork & { translator: string } {
  const base = new Address4(`${hosts.ipv4Only}/24`).startAddress().correctForm().split('.').slice(0, 3).join('.');
  return {
    key: 'ipv4',
    purpose: "a NAT64's IPv4 side and the target's IPv4-only host",
    ipv4: `${base}.0/24`,
    internal: true,
    mtu,
    translator: `${base}.254`,
  };
}

/** The docker network name of one lab (`run`: its run id, or `manual` for `lab up`). */
export const networkName = (run: string, key: LabNetworkKey) => `v6h-${run}-${key}`;

/**
 * A PGW with a kernel SGi (`sgi: tun`) needs /dev/net/tun, NET_ADMIN and IPv6 forwarding in its
 * network namespace; duplicate address detection (RFC 4862 §5.4) only delays docker's unique
 * addresses, so it is off.
 */
export const NO_DAD = { 'net.ipv6.conf.all.accept_dad': '0', 'net.ipv6.conf.default.accept_dad': '0' } as const;
export const KERNEL_USER_PLANE = {
  sysctls: {
    'net.ipv6.conf.all.forwarding': '1',
    'net.ipv4.ip_forward': '1',
    'net.ipv6.conf.all.disable_ipv6': '0',
    'net.ipv6.conf.default.disable_ipv6': '0',
    ...NO_DAD,
  },
  device: '/dev/net/tun',
  capability: 'NET_ADMIN',
} as const;

/**
 * The UDP echo (RFC 862) of a lab host on `port`, both families: the batched echo
 * (udp-echo-main.ts), not `socat UDP-RECVFROM,fork`, which forks and execs a process per datagram
 * — on a busy 2-core machine 40 ms median and over 100 ms p99 per echo (0.2 ms batched), so a
 * latency figure or threshold measured the echo host instead of the element on the path.
 */
const udpEcho = (port: number) => `node dist/lab/udp-echo-main.mjs ${port}`;

/** One internet host container on SGi: its address there and what it runs. */
export interface InternetHost {
  ipv6: string;
  /** The shell command (sh -c) of its container. */
  command: string;
  ipv4?: SgiIpv4Host;
}

/**
 * The internet hosts behind a `sgi: tun` PGW, one container each: the IPv6-only host, the
 * dual-stack host and the broken-IPv6 host (which answers over IPv4 only; its declared IPv6 address
 * is nobody's). Each routes the UE pools to the PGW; the kernel answers ICMP echo, socat the echo
 * service of RFC 862 over TCP, udp-echo-main.ts over UDP. IPv4 as sgi-ipv4.ts says.
 */
export function internetHosts(target: Target): InternetHost[] {
  const hosts = target.internet;
  if (!hosts) return [];
  const sgi = sgiNetwork(hosts);
  // Every gateway's IPv6 pools (stand-in PGWs', an open5gs UPF's and its SMFs') go back via SGi; the
  // IPv4 pools of `sgi: tun` PGWs and open5gs.
  const elements = Object.values(target.elements);
  const pools6 = [
    ...new Set(
      elements.flatMap((e) =>
        e.kind === 'standin' || (e.kind === 'real' && isOpen5gs(e.software))
          ? [...Object.values(e.apns ?? {}), ...Object.values(e.kind === 'real' ? (e.dnns ?? {}) : {})]
              .filter((a) => e.kind === 'standin' || a.pdnTypes !== 'ipv4')
              .map((a) => a.ipv6Pool)
          : [],
      ),
    ),
  ];
  const pools4 = [
    ...new Set(
      elements.flatMap((e) =>
        e.kind === 'standin' && e.sgi === 'tun'
          ? tunPools(e.apns).ipv4
          : e.kind === 'real' && isOpen5gs(e.software)
            ? [...Object.values(e.apns ?? {}), ...Object.values(e.dnns ?? {})]
                .filter((a) => a.pdnTypes !== 'ipv6')
                .map((a) => a.ipv4Pool)
            : [],
      ),
    ),
  ];
  const routes = pools6.map((p) => `ip -6 route replace ${p} via ${sgi.router}`).join('; ');
  // UDP echo on the batched socket (net/udp-echo.ts; socat would fork a process per datagram).
  const echo = `socat TCP6-LISTEN:${hosts.udpEchoPort},fork,reuseaddr EXEC:cat & exec ${udpEcho(hosts.udpEchoPort)}`;
  const ipv4 = sgiIpv4Hosts(hosts, sgiAddress(sgi.prefix));
  return [{ ipv6: hosts.ipv6Only, ipv4: undefined }, ...ipv4.map((h) => ({ ipv6: h.sgiIpv6, ipv4: h }))].map(
    ({ ipv6, ipv4: v4 }) => {
      const setup = [routes, v4 ? hostIpv4Script(v4.ipv4, pools4, sgi.router) : ''].filter(Boolean).join('; ');
      return { ipv6, ipv4: v4, command: `${setup}; ${echo}` };
    },
  );
}

/**
 * The target's IPv4-only host behind a NAT64, on the NAT64's IPv4 network: UDP and TCP echo (RFC
 * 862) on `port` and an iperf3 server. It has no route to the NAT64's pool: answers go to the
 * translator's own address there, which its NAT44 maps back.
 */
export const ipv4HostCommand = (port: number) =>
  `iperf3 -s & socat TCP4-LISTEN:${port},fork,reuseaddr EXEC:cat & exec ${udpEcho(port)}`;

/**
 * The server behind the firewall (internet side), on hand-made links (firewall-plumbing.ts): it
 * echoes on every port the policy names, both families; counts what reaches the discard service
 * (RFC 863, UDP 9); runs the throughput reference (iperf3 on 5201); and routes `beyond`.
 */
export function firewallServer(p: FirewallPolicy): {
  command: string;
  capAdd: string[];
  sysctls: Record<string, string>;
} {
  const services = [...p.blocked, ...p.allowed];
  const listeners = [...new Set(services.map((s) => `${s.protocol}:${s.port}`))].map((k) => {
    const [protocol, port] = k.split(':');
    return protocol === 'tcp'
      ? `socat TCP6-LISTEN:${port},fork,reuseaddr,ipv6only=0 EXEC:cat &`
      : `${udpEcho(Number(port))} &`;
  });
  listeners.push('socat -u UDP6-RECVFROM:9,fork,ipv6only=0 OPEN:/tmp/discard.log,creat,append &');
  listeners.push('iperf3 -s &');
  // A router's kernel settings, DAD left on (the addresses are set by hand, with nodad where needed).
  const forwarding = Object.fromEntries(
    Object.entries(KERNEL_USER_PLANE.sysctls).filter(([k]) => !k.endsWith('accept_dad')),
  );
  return {
    command: `${listeners.join(' ')} exec sleep infinity`,
    capAdd: [KERNEL_USER_PLANE.capability],
    sysctls: forwarding,
  };
}
