/**
 * What kind of network function an element of a target is, by its name (the names the scenarios
 * `need`: pgw, sgw, ggsn, pgw-u, hss, aaa, dns64, aaaa-filter, nat64, firewall …): the protocol a
 * pre-flight probe speaks to it and the port it listens on when the target names none.
 */
export type ElementKind =
  | 'gtpv2'
  | 'gtpv1'
  | 'pfcp'
  | 'sbi'
  | 'diameter'
  | 'radius'
  | 'dns'
  | 'nat64'
  | 'firewall'
  | 'ip-node';

export function elementKind(name: string): ElementKind | undefined {
  if (/^(pgw-u|upf)(\b|-|$)/.test(name)) return 'pfcp';
  if (/^ggsn/.test(name)) return 'gtpv1';
  if (/^(pgw|vpgw|sgw)/.test(name)) return 'gtpv2';
  // A 5GC SMF: Nsmf_PDUSession on N11 over HTTP/2 (TS 29.502, TS 29.500 §5.2), PFCP on N4.
  if (/^smf/.test(name)) return 'sbi';
  if (/^(hss|pcrf)/.test(name)) return 'diameter';
  if (/^(dns64|aaaa-filter|dns)/.test(name)) return 'dns';
  if (/^aaa/.test(name)) return 'radius';
  if (/^nat64/.test(name)) return 'nat64';
  if (/^firewall/.test(name)) return 'firewall';
  if (/^ipv6-node/.test(name)) return 'ip-node';
  return undefined;
}

/** GTP-C 2123 (TS 29.274 §4.2, TS 29.060 §3), PFCP 8805 (TS 29.244 §4.2.2), SBI over h2c 80 (TS 29.500 §5.2: an http URI's default), Diameter 3868 (RFC 6733 §2.1), RADIUS accounting 1813 (RFC 2866 §3), DNS 53; none for a node that is only routed through. */
export const DEFAULT_PORT: Record<ElementKind, number> = {
  gtpv2: 2123,
  gtpv1: 2123,
  pfcp: 8805,
  sbi: 80,
  diameter: 3868,
  radius: 1813,
  dns: 53,
  nat64: 0,
  firewall: 0,
  'ip-node': 0,
};

export function defaultPort(name: string): number {
  const k = elementKind(name);
  return k ? DEFAULT_PORT[k] : 0;
}
