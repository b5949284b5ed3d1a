import { Address6 } from 'ip-address';

/**
 * The data behind the DNS64 stand-in, as an authoritative server would hold it: the declared
 * names (A-only, dual-stack, AAAA-only, IPv4-mapped AAAA, one with RFC 6052's example address,
 * the dual-stack host with broken IPv6),
 * ipv4only.arpa (RFC 8880 §2), PTR for the A-only name. A records live 300 s, negative answers
 * 60 s (SOA MINIMUM, RFC 2308 §5), as in the docker lab's zone.
 */
export interface Dns64Names {
  aOnly: { name: string; ipv4: string };
  dualStack: { name: string; ipv4: string; ipv6: string };
  aaaaOnly: { name: string; ipv6: string };
  mapped: { name: string; ipv4: string };
  nxdomain: string;
  rfc6052: { name: string; ipv4: string };
  /** Dual-stack in DNS, but its IPv6 address never answers (the internet stand-in's brokenIpv6 host). */
  brokenIpv6: { name: string; ipv4: string; ipv6: string };
  /** Every name under `name` has one A record, `ipv4`, and no AAAA (a wildcard, RFC 4592). */
  aOnlyWildcard?: { name: string; ipv4: string };
}

export const A_TTL = 300;
export const NEGATIVE_TTL = 60;

export interface NameRecords {
  a: string[];
  aaaa: string[];
  ptr?: string;
}

export interface ZoneData {
  origin: string;
  byName: Map<string, NameRecords>;
  /** The wildcard's owner without `*.` and its records (RFC 4592 §2.1.1). */
  wildcard?: { under: string; records: NameRecords };
}

/** The records of a name: its own, or the wildcard's for a name below the wildcard's parent (RFC 4592 §3.3.3). */
export function recordsOf(zone: ZoneData, name: string): NameRecords | undefined {
  const own = zone.byName.get(name);
  if (own) return own;
  const w = zone.wildcard;
  return w && name.endsWith(`.${w.under}`) ? w.records : undefined;
}

const lower = (s: string) => s.toLowerCase().replace(/\.$/, '');

export function zoneData(n: Dns64Names): ZoneData {
  const byName = new Map<string, NameRecords>();
  const add = (name: string, r: Partial<NameRecords>) => {
    const cur = byName.get(lower(name)) ?? { a: [], aaaa: [] };
    byName.set(lower(name), {
      a: [...cur.a, ...(r.a ?? [])],
      aaaa: [...cur.aaaa, ...(r.aaaa ?? [])],
      ptr: r.ptr ?? cur.ptr,
    });
  };
  add(n.aOnly.name, { a: [n.aOnly.ipv4] });
  add(n.dualStack.name, { a: [n.dualStack.ipv4], aaaa: [new Address6(n.dualStack.ipv6).correctForm()] });
  add(n.aaaaOnly.name, { aaaa: [new Address6(n.aaaaOnly.ipv6).correctForm()] });
  add(n.mapped.name, { a: [n.mapped.ipv4], aaaa: [`::ffff:${n.mapped.ipv4}`] });
  add(n.rfc6052.name, { a: [n.rfc6052.ipv4] });
  add(n.brokenIpv6.name, { a: [n.brokenIpv6.ipv4], aaaa: [new Address6(n.brokenIpv6.ipv6).correctForm()] });
  add('ipv4only.arpa', { a: ['192.0.0.170', '192.0.0.171'] });
  add(`${n.aOnly.ipv4.split('.').reverse().join('.')}.in-addr.arpa`, { ptr: lower(n.aOnly.name) });
  const wildcard = n.aOnlyWildcard
    ? { under: lower(n.aOnlyWildcard.name), records: { a: [n.aOnlyWildcard.ipv4], aaaa: [] } }
    : undefined;
  return { origin: lower(n.aOnly.name).split('.').slice(1).join('.'), byName, ...(wildcard ? { wildcard } : {}) };
}
