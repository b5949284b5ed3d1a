import type { GatewayPolicy } from '../../target.ts';

/**
 * The authoritative data behind the gateway scenarios, as bind9 zone files (RFC 1035 §5): the
 * target's names, `ipv4only.arpa` with 192.0.0.170/171 (RFC 7050 §2.2, RFC 8880 §2) and the
 * in-addr.arpa zone of the A-only name (so a DNS64 can answer PTR for its synthesized address,
 * RFC 6147 §5.3.1). The A records live 300 s, the negative answers 60 s (SOA MINIMUM, RFC 2308
 * §5), so a DNS64's TTL choice (RFC 6147 §5.1.7) shows in its answers.
 */
export const A_TTL = 300;
export const NEGATIVE_TTL = 60;

export interface ZoneFile {
  origin: string;
  text: string;
}

function soa(ns: string): string {
  return `$TTL ${A_TTL}\n@ IN SOA ${ns}. hostmaster.${ns}. 1 3600 600 86400 ${NEGATIVE_TTL}\n@ IN NS ${ns}.\n`;
}

/** The common parent of the target's names (they must share one, so one zone serves them). */
export function zoneOrigin(policy: GatewayPolicy): string {
  const n = policy.names;
  const names = [
    n.aOnly.name,
    n.dualStack.name,
    n.aaaaOnly.name,
    n.mapped.name,
    n.nxdomain,
    n.rfc6052.name,
    n.brokenIpv6.name,
    n.aOnlyWildcard.name,
  ].map((s) => s.toLowerCase().split('.'));
  const first = names[0];
  let k = 0;
  while (k < first.length - 1 && names.every((l) => l.length > k + 1 && l.at(-(k + 1)) === first.at(-(k + 1)))) k++;
  if (k === 0)
    throw new Error('gateway.names must share a parent domain (e.g. v6lab.example) to be served from one zone');
  return first.slice(-k).join('.');
}

export function zoneFiles(policy: GatewayPolicy, nsAddress: string): ZoneFile[] {
  const origin = zoneOrigin(policy);
  const ns = `ns.${origin}`;
  const n = policy.names;
  const rr = (name: string, type: string, data: string) => `${name}. IN ${type} ${data}\n`;
  const names =
    soa(ns) +
    rr(ns, nsAddress.includes(':') ? 'AAAA' : 'A', nsAddress) +
    rr(n.aOnly.name, 'A', n.aOnly.ipv4) +
    rr(n.dualStack.name, 'A', n.dualStack.ipv4) +
    rr(n.dualStack.name, 'AAAA', n.dualStack.ipv6) +
    rr(n.aaaaOnly.name, 'AAAA', n.aaaaOnly.ipv6) +
    rr(n.mapped.name, 'A', n.mapped.ipv4) +
    rr(n.mapped.name, 'AAAA', `::ffff:${n.mapped.ipv4}`) +
    rr(n.rfc6052.name, 'A', n.rfc6052.ipv4) +
    rr(n.brokenIpv6.name, 'A', n.brokenIpv6.ipv4) +
    rr(n.brokenIpv6.name, 'AAAA', n.brokenIpv6.ipv6) +
    // RFC 4592: every name under it is A-only (the DNS64 query-rate scenario asks a new one each time).
    rr(`*.${n.aOnlyWildcard.name}`, 'A', n.aOnlyWildcard.ipv4);
  const v4 = n.aOnly.ipv4.split('.');
  const reverse = `${v4.slice(0, 3).reverse().join('.')}.in-addr.arpa`;
  return [
    { origin, text: names },
    { origin: 'ipv4only.arpa', text: `${soa(ns)}@ IN A 192.0.0.170\n@ IN A 192.0.0.171\n` },
    { origin: reverse, text: `${soa(ns)}${v4[3]} IN PTR ${n.aOnly.name}.\n` },
  ];
}
