/** Stateless IP/ICMP translation (RFC 7915), for the CLAT in the UE model and the NAT64 stand-in. */
export { translate4to6, translate6to4, ipv4UpperChecksum, type Translation, type PortRewrite } from './translate.ts';
