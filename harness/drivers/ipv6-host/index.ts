export { icmpv6Echo, type EchoOutcome } from './icmpv6-echo.ts';
export { udpEcho, type UdpEchoOutcome } from './udp-echo.ts';
export { tcpEcho, type TcpEchoOutcome } from './tcp-echo.ts';
export { RawIpv6Listener, type RawArrival } from './raw-listener.ts';
export { sendSpoofedUdp } from './spoofed-udp.ts';
export { sendRawIpv6 } from './raw-sender.ts';
