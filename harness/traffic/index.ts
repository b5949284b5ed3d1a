export { iperf3, type Iperf3Result } from './iperf3.ts';
export { udpLatency, type LatencyResult } from './udp-latency.ts';
