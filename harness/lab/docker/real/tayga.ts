import type { GatewayPolicy, RealElement } from '../../target.ts';
import type { RealConfig } from './types.ts';

/**
 * tayga as the operator's NAT64, made stateful the usual way (tayga's README): tayga translates
 * (RFC 7915) and maps each IPv6 host 1:1 onto a private pool, then NAT44 (nftables masquerade)
 * puts every mapped host behind the container's own IPv4 address, so the IPv4 side sees one
 * address and unsolicited inbound IPv4 finds no state (RFC 6146 §3.5 behaviour). IPv6 hosts reach
 * IPv4 hosts at Pref64::a.b.c.d (RFC 6052 §2.2).
 */
export const TAYGA_FAULTS = [
  /** Translates the well-known prefix 64:ff9b::/96 instead of the operator's Pref64 (RFC 6052 §2.1). */
  'well-known-prefix',
  /**
   * A "DMZ" left behind: every new inbound UDP flow to the NAT64's IPv4 address is forwarded to one
   * IPv6 host (the lab's harness address), so unsolicited inbound IPv4 gets through.
   */
  'inbound-dmz',
  /** ICMPv4 Fragmentation Needed is dropped (a blanket "no ICMP" rule): Packet Too Big never comes back. */
  'drop-fragmentation-needed',
] as const;

const DMZ_IPV4 = '203.0.113.200';

/**
 * The IPv4 addresses the NAT64 owns (routed to it), the part of them it maps IPv6 hosts onto, and
 * tayga's own address. tayga hands out every address of its dynamic pool, the last one included,
 * so the pool is the lower half: no host gets the /24's broadcast address.
 */
export const NAT64_POOL = '203.0.113.0/24';
const DYNAMIC_POOL = '203.0.113.0/25';
const OWN_IPV4 = '203.0.113.1';

/** `dmzHost`: the IPv6 host the inbound-dmz misconfiguration forwards to. */
export function tayga(policy: GatewayPolicy, el: RealElement, dmzHost = '::1'): RealConfig {
  const dmz = el.faults.includes('inbound-dmz');
  const wellKnown = el.faults.includes('well-known-prefix');
  const prefix = wellKnown ? '64:ff9b::/96' : (el.nat64Prefix ?? policy.nat64Prefix);
  // With the well-known prefix tayga needs its own IPv6 address named (RFC 6052 §3.1: no
  // non-global IPv4 address may be embedded in 64:ff9b::/96, its own included).
  const own6 = wellKnown ? ['ipv6-addr 2001:db8:6464::1'] : [];
  const conf = [
    'tun-device nat64',
    `ipv4-addr ${OWN_IPV4}`,
    ...own6,
    `prefix ${prefix}`,
    `dynamic-pool ${DYNAMIC_POOL}`,
    ...(dmz ? [`map ${DMZ_IPV4} ${dmzHost}`] : []),
    'data-dir /var/lib/tayga',
    '',
  ].join('\n');
  return {
    files: [{ path: '/etc/v6harness/tayga.conf', content: conf }],
    setup: [
      'mkdir -p /var/lib/tayga',
      'tayga -c /etc/v6harness/tayga.conf --mktun',
      'ip link set nat64 up',
      `ip route add ${NAT64_POOL} dev nat64`,
      `ip -6 route add ${prefix} dev nat64`,
      ...(wellKnown ? ['ip -6 route add 2001:db8:6464::1 dev nat64'] : []),
      'nft add table ip nat',
      "nft 'add chain ip nat postrouting { type nat hook postrouting priority 100; }'",
      `nft add rule ip nat postrouting oifname != nat64 ip saddr ${NAT64_POOL} masquerade`,
      ...(el.faults.includes('drop-fragmentation-needed')
        ? [
            "nft 'add table ip filter'",
            "nft 'add chain ip filter output { type filter hook output priority 0; }'",
            'nft add rule ip filter output icmp type destination-unreachable drop',
          ]
        : []),
      ...(dmz
        ? [
            "nft 'add chain ip nat prerouting { type nat hook prerouting priority -100; }'",
            `nft add rule ip nat prerouting iifname != nat64 meta l4proto udp dnat to ${DMZ_IPV4}`,
          ]
        : []),
    ].join(' && '),
    // tayga's stdout is block-buffered when not a terminal: line-buffer it so its banner shows at once.
    start: 'stdbuf -oL -eL tayga -c /etc/v6harness/tayga.conf -d',
    ready: 'TAYGA',
    port: 0,
    kernel: { tun: true },
  };
}
