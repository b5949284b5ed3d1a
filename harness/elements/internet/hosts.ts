/**
 * The hosts behind a gateway's SGi/Gi interface that scenarios talk to (ARCHITECTURE.md: the
 * internet stand-in): an IPv6-only host, an IPv4-only host, a dual-stack host, and a host whose
 * IPv6 is broken (it has an IPv6 address that never answers, while IPv4 works: the case Happy
 * Eyeballs, RFC 8305, exists for). Addresses come from the target file so that scenarios and
 * the stand-in agree, and a real network can name its own.
 */
export interface InternetHosts {
  ipv6Only: string;
  ipv4Only: string;
  dualStack: { ipv6: string; ipv4: string };
  brokenIpv6: { ipv6: string; ipv4: string };
  /** The echo service (RFC 862) port on every host, over UDP and over TCP. */
  udpEchoPort: number;
}
