import { readFileSync } from 'node:fs';
import type { FirewallPolicy, RealElement } from '../../target.ts';
import type { RealConfig } from './types.ts';

/**
 * nftables as the operator's internet-connection firewall (one `inet` table, so one rule set holds
 * for IPv4 and IPv6): stateful, default drop on forward; from UEs everything but the blocked
 * services; to UEs only answers, except to IoT UEs with global addresses (IOT-GLOBAL); BCP 38
 * source checks on the UE side; the ICMP(v6) that must not be dropped (RFC 4890 §4.3.1).
 * Interfaces: ue0 toward the UEs (the harness), in0 toward the internet.
 */
export const NFTABLES_FAULTS = [
  /** The blocked services are written for IPv4 only (`meta nfproto ipv4`): IPv6 gets through. */
  'block-ipv4-only',
  /** ICMPv6 Packet Too Big is dropped (RFC 4890 §4.3.1 says it must pass): PMTUD breaks. */
  'drop-packet-too-big',
  /** Inbound connections to every UE are accepted, not only to IoT UEs. */
  'open-inbound',
  /** No source address check on the UE side (BCP 38 / RFC 2827 not applied). */
  'no-bcp38',
  /** A policer left on from a test: UE traffic above 1 Mbyte/s is dropped. */
  'policer',
  /**
   * Blocked services matched on the IPv6 header's Next Header (`ip6 nexthdr tcp`): a packet with
   * extension headers before TCP is not recognised as TCP and passes.
   */
  'nexthdr-match',
  // As the `ipv6-node` of the core conformance scenarios (its own interface, not forwarding):
  /** Sends no ICMPv6 error messages (Parameter Problem, Time Exceeded, Destination Unreachable). */
  'no-icmpv6-errors',
  /** Drops every packet with a Fragment header addressed to it. */
  'drop-fragments',
  /** ICMPv6 error rate limiting switched off (net.ipv6.icmp.ratelimit=0), RFC 4443 §2.4(f) violated. */
  'no-icmp-rate-limit',
  /** Neighbor Solicitations to it are dropped: it never advertises itself (RFC 4861 §7.2.3). */
  'ignore-neighbor-solicitations',
] as const;

const rule = (s: { protocol: string; port: number }) => `${s.protocol} dport ${s.port}`;

export function nftablesRuleset(
  p: FirewallPolicy,
  faults: readonly string[],
  ueIpv6Prefix: string,
  ueIpv4Prefix: string,
): string {
  const icmpv6 = [
    'destination-unreachable',
    ...(faults.includes('drop-packet-too-big') ? [] : ['packet-too-big']),
    'time-exceeded',
    'parameter-problem',
    'echo-request',
    'echo-reply',
  ];
  const family = faults.includes('block-ipv4-only') ? 'meta nfproto ipv4 ' : '';
  const blockRules = faults.includes('nexthdr-match')
    ? p.blocked.flatMap((s) => [
        `    iifname "ue0" meta nfproto ipv4 ${rule(s)} reject`,
        `    iifname "ue0" ip6 nexthdr ${s.protocol} ${rule(s)} reject`,
      ])
    : p.blocked.map((s) => `    iifname "ue0" ${family}${rule(s)} reject`);
  return [
    'flush ruleset',
    'table inet v6harness {',
    '  chain forward {',
    '    type filter hook forward priority 0; policy drop;',
    ...(faults.includes('drop-packet-too-big') ? ['    icmpv6 type packet-too-big drop'] : []),
    ...(faults.includes('policer') ? ['    limit rate over 1 mbytes/second drop'] : []),
    '    ct state established,related accept',
    `    icmpv6 type { ${icmpv6.join(', ')} } accept`,
    '    icmp type { destination-unreachable, time-exceeded, parameter-problem, echo-request, echo-reply } accept',
    // BCP 38 (RFC 2827 §3): a UE may only send from its own prefix.
    ...(faults.includes('no-bcp38')
      ? []
      : [`    iifname "ue0" ip6 saddr != ${ueIpv6Prefix} drop`, `    iifname "ue0" ip saddr != ${ueIpv4Prefix} drop`]),
    ...blockRules,
    '    iifname "ue0" accept',
    `    iifname "in0" ip6 daddr ${p.iotUeIpv6} accept`,
    ...(faults.includes('open-inbound') ? ['    iifname "in0" accept'] : []),
    '  }',
    // Before conntrack's reassembly (priority -400), where fragments are still fragments.
    '  chain prerouting {',
    '    type filter hook prerouting priority -450; policy accept;',
    ...(faults.includes('drop-fragments') ? ['    exthdr frag exists drop'] : []),
    ...(faults.includes('ignore-neighbor-solicitations') ? ['    icmpv6 type nd-neighbor-solicit drop'] : []),
    '  }',
    '  chain output {',
    '    type filter hook output priority 0; policy accept;',
    ...(faults.includes('no-icmpv6-errors')
      ? ['    icmpv6 type { destination-unreachable, time-exceeded, parameter-problem } drop']
      : []),
    '  }',
    '}',
    '',
  ].join('\n');
}

export function nftables(p: FirewallPolicy, el: RealElement, ueIpv6Prefix: string, ueIpv4Prefix: string): RealConfig {
  return {
    files: [
      {
        path: '/etc/v6harness/firewall.nft',
        // The user's own rule set as written (validated to exist at load), else the lab's from the policy.
        content: el.rulesetFile
          ? readFileSync(el.rulesetFile, 'utf8')
          : nftablesRuleset(p, el.faults, ueIpv6Prefix, ueIpv4Prefix),
      },
    ],
    setup: 'nft -f /etc/v6harness/firewall.nft',
    // nftables is rules in the kernel, not a process: the "element" only keeps the container up.
    start: "sh -c 'echo nftables rules loaded; exec sleep infinity'",
    ready: 'nftables rules loaded',
    port: 0,
    kernel: { tun: true },
    // no-icmp-rate-limit: no per-peer limit, and the namespace's global ICMP budget (1000/s, burst
    // 50, refilled at random since Linux 6.11) raised so it cannot stand in for the missing limit.
    ...(el.faults.includes('no-icmp-rate-limit')
      ? {
          sysctls: {
            'net.ipv6.icmp.ratelimit': '0',
            'net.ipv4.icmp_msgs_per_sec': '100000',
            'net.ipv4.icmp_msgs_burst': '10000',
          },
        }
      : {}),
  };
}
