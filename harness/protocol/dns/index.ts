/** DNS over dns-packet, and RFC 6052 address synthesis for DNS64/NAT64. */
export { encodeDns, decodeDns, rcodeOf, DNS_PORT, type DnsPacket } from './dns.ts';
export {
  AaaaQueryTemplate,
  answeredQueryNumber,
  ipv6Octets,
  scanAaaaAnswer,
  QUERY_LABEL_LENGTH,
  type AaaaVerdict,
} from './query-template.ts';
export { synthesize, extract, NAT64_PREFIX_LENGTHS, WELL_KNOWN_PREFIX, type Nat64PrefixLength } from './rfc6052.ts';
