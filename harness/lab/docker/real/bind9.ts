import type { GatewayPolicy } from '../../target.ts';
import { zoneFiles } from './zone.ts';
import type { RealConfig } from './types.ts';

/**
 * bind9 (named) in two roles: the authoritative server of the gateway scenarios' names (no
 * recursion), and the AAAA filter an ISP runs (the filter-aaaa.so query plugin, named's
 * filter-aaaa(8)): authoritative for the same names, filtering AAAA for the IPv4 clients in its ACL.
 */
export const BIND9_FAULTS = [
  /** filter-aaaa-on-v6 yes: IPv6 clients lose their AAAA too (what ISP-AAAA forbids). */
  'filter-on-v6',
  /** filter-aaaa-on-v4 no although the operator declares IPv4 clients filtered. */
  'filter-off',
] as const;

const PLUGIN = '/usr/lib/x86_64-linux-gnu/bind/filter-aaaa.so';

function namedConf(policy: GatewayPolicy, extra: string): { conf: string; files: { path: string; content: string }[] } {
  const zones = zoneFiles(policy, '::1');
  const files = zones.map((z) => ({ path: `/etc/v6harness/${z.origin}.zone`, content: z.text }));
  const conf =
    'options {\n  directory "/var/cache/bind";\n  listen-on-v6 { any; };\n  listen-on { any; };\n  recursion no;\n  allow-query { any; };\n  dnssec-validation no;\n};\n' +
    extra +
    zones.map((z) => `zone "${z.origin}" { type primary; file "/etc/v6harness/${z.origin}.zone"; };\n`).join('');
  return { conf, files };
}

function named(conf: string, files: { path: string; content: string }[]): RealConfig {
  return {
    files: [...files, { path: '/etc/v6harness/named.conf', content: conf }],
    start: 'named -g -u root -c /etc/v6harness/named.conf',
    // Not just "running": named's first line is "running as: named …" even when its config then fails.
    ready: 'all zones loaded',
    port: 53,
  };
}

export function authoritative(policy: GatewayPolicy): RealConfig {
  const { conf, files } = namedConf(policy, '');
  return named(conf, files);
}

export function aaaaFilter(policy: GatewayPolicy, faults: readonly string[]): RealConfig {
  const onV4 = policy.aaaaFilterIpv4Clients === 'filtered' && !faults.includes('filter-off') ? 'yes' : 'no';
  const onV6 = faults.includes('filter-on-v6') ? 'yes' : 'no';
  // filter-aaaa(8): the ACL names which clients are filtered; `any` leaves the choice to the per-family switches.
  // named refuses the plugin with both switches off: then it is simply not loaded.
  const plugin =
    onV4 === 'no' && onV6 === 'no'
      ? ''
      : `plugin query "${PLUGIN}" {\n  filter-aaaa-on-v4 ${onV4};\n  filter-aaaa-on-v6 ${onV6};\n  filter-aaaa { any; };\n};\n`;
  const { conf, files } = namedConf(policy, plugin);
  return named(conf, files);
}
