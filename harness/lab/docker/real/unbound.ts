import { Address6 } from 'ip-address';
import type { GatewayPolicy, RealElement } from '../../target.ts';
import { zoneFiles } from './zone.ts';
import type { RealConfig } from './types.ts';

/**
 * unbound as the operator's DNS64 resolver (RFC 6147; unbound.conf(5) `module-config: "dns64
 * iterator"`), configured with the target's Pref64::/n and stub zones pointing at the lab's
 * authoritative server, so it never iterates from the root (the lab network is internal).
 */
export const UNBOUND_FAULTS = [
  /** dns64-synthall: synthesizes although a real AAAA exists (RFC 6147 §5.1.1 violated). */
  'synthall',
  /** Synthesizes under the well-known prefix 64:ff9b::/96 instead of the operator's Pref64 (RFC 6052 §2.1). */
  'well-known-prefix',
  /** NXDOMAIN redirection (an "ad server" answer for names that do not exist), RFC 6147 §5.1.2 violated. */
  'nxdomain-redirect',
  /** unbound's built-in local zone for 2001:db8::/32 left in place: PTR of synthesized addresses is NXDOMAIN. */
  'no-ptr-zone',
  /**
   * ip-ratelimit: 100 with ip-ratelimit-factor: 0 (unbound.conf(5)): beyond 100 queries a second from
   * one address every query is dropped unanswered — a resolver capped below the declared query rate
   * (RFC 8219 §9), like the DNS64 stand-in's fault of the same name.
   */
  'query-rate-limit',
  /**
   * ratelimit: 1000 (unbound.conf(5), the value its manual suggests against random-name floods): at most
   * 1000 queries a second to the servers of one zone, the rest answered SERVFAIL (or, where the DNS64
   * module's A query is the one turned away, NOERROR with no AAAA). Fresh names under one wildcard are
   * such a flood, and with QNAME minimisation each costs unbound three upstream queries.
   */
  'zone-ratelimit',
  /**
   * No stub zones for ipv4only.arpa and the in-addr.arpa zone: unbound looks them up from the root,
   * which the internal lab network cannot reach (SERVFAIL, or no answer in time), as an isolated
   * resolver would; the operator's own names still resolve.
   */
  'isolated',
] as const;

/** The ip6.arpa zone that holds the reverse names of addresses under `prefix` (RFC 3596 §2.5). */
export function reverseZoneOf(prefix: string): string {
  const [addr, len] = prefix.split('/');
  const nibbles = new Address6(addr)
    .canonicalForm()
    .replace(/:/g, '')
    .slice(0, Math.floor(Number(len) / 4));
  return `${[...nibbles].reverse().join('.')}.ip6.arpa`;
}

export function unbound(policy: GatewayPolicy, el: RealElement, authoritative: string): RealConfig {
  const faults = el.faults;
  const prefix = faults.includes('well-known-prefix') ? '64:ff9b::/96' : (el.nat64Prefix ?? policy.nat64Prefix);
  const zones = zoneFiles(policy, authoritative).map((z) => z.origin);
  // unbound answers some reverse and special zones itself by default (its local-zone defaults):
  // those the lab serves, and the PTR zone of the prefix, must be looked up instead.
  const local = [
    ...zones.slice(1),
    ...(faults.includes('no-ptr-zone') ? [] : [reverseZoneOf(prefix), '8.b.d.0.1.0.0.2.ip6.arpa']),
  ];
  const nx = policy.names.nxdomain;
  const conf = [
    'server:',
    '  interface: ::0',
    '  interface: 0.0.0.0',
    '  access-control: ::/0 allow',
    '  access-control: 0.0.0.0/0 allow',
    '  username: ""',
    '  chroot: ""',
    '  use-syslog: no',
    '  logfile: ""',
    '  verbosity: 1',
    '  module-config: "dns64 iterator"',
    `  dns64-prefix: ${prefix}`,
    ...(faults.includes('synthall') ? ['  dns64-synthall: yes'] : []),
    // unbound.conf(5) ratelimit / ip-ratelimit: 0 (no limit) is the default in 1.17; said here so that
    // backend/dns64-query-rate measures the resolver, not a limiter another version might default to.
    `  ratelimit: ${faults.includes('zone-ratelimit') ? 1000 : 0}`,
    `  ip-ratelimit: ${faults.includes('query-rate-limit') ? 100 : 0}`,
    ...(faults.includes('query-rate-limit') ? ['  ip-ratelimit-factor: 0'] : []),
    ...[...new Set(local)].map((z) => `  local-zone: "${z}." nodefault`),
    ...(faults.includes('nxdomain-redirect')
      ? [
          `  local-zone: "${nx}." redirect`,
          `  local-data: "${nx}. 300 IN A 192.0.2.80"`,
          `  local-data: "${nx}. 300 IN AAAA 2001:db8:80::80"`,
        ]
      : []),
    ...(faults.includes('isolated') ? zones.slice(0, 1) : zones).flatMap((z) => [
      'stub-zone:',
      `  name: "${z}"`,
      `  stub-addr: ${authoritative}`,
    ]),
    'remote-control:',
    '  control-enable: no',
    '',
  ].join('\n');
  return {
    files: [{ path: '/etc/v6harness/unbound.conf', content: conf }],
    start: 'unbound -d -c /etc/v6harness/unbound.conf',
    ready: 'start of service',
    port: 53,
  };
}
