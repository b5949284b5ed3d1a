export { UeIpv6Host, RFC4861_TIMERS, withInterfaceId, type Bearer, type RouterAdvertisement, type SolicitTimers } from './ipv6-host.ts';
export { tcpEcho, type TcpEchoOutcome } from './tcp-echo.ts';
export { requestPrefix, type PdOutcome, type PdClientOptions } from './dhcpv6-pd-client.ts';
export { Clat, CLAT_IPV4, type ClatOptions } from './clat.ts';
