export { randomInterfaceId, ephemeralPort } from './random-ids.ts';
export {
  UeIpv6Host,
  RFC4861_TIMERS,
  withInterfaceId,
  type Bearer,
  type RouterAdvertisement,
  type SolicitTimers,
} from './ipv6-host.ts';
export { UeIpv4Host } from './ipv4-host.ts';
export { splitByFamily } from './bearer-families.ts';
export { TcpClient, type IpHost } from './tcp-client.ts';
export { tcpEcho, type TcpEchoOutcome } from './tcp-echo.ts';
export {
  requestPrefix,
  requestPrefixVia,
  releasePrefix,
  type PdOutcome,
  type PdClientOptions,
  type PdLease,
  type ReleaseOutcome,
} from './dhcpv6-pd-client.ts';
export { bearerTransport, openUdpTransport, type Dhcpv6Transport } from './dhcpv6-transport.ts';
export { Clat, CLAT_IPV4, type ClatOptions } from './clat.ts';
export {
  happyEyeballs,
  nextAddresses,
  realClock,
  RFC8305_DEFAULTS,
  ATTEMPT_DELAY_LIMITS,
  type HeMode,
  type HeOptions,
  type HeOutcome,
  type Attempt,
  type Clock,
  type Resolver,
} from './happy-eyeballs.ts';
export { happyEyeballsEcho, dnsResolver, type HeEchoReport, type DualStackUe } from './happy-eyeballs-echo.ts';
