export { iperf3, iperf3Server, type Iperf3Result } from './iperf3.ts';
export { udpLatency, type LatencyResult } from './udp-latency.ts';
export { flowTemplate, writeStreamPacket, readStreamPacket, innerHeaderLength, type GtpuFlow, type FlowTemplate, type StreamPacketView } from './gtpu-stream.ts';
export { generateGtpu, type GtpuGeneratorOptions, type GtpuGeneratorResult } from './gtpu-generator.ts';
export { GtpuSink, type GtpuSinkReport } from './gtpu-sink.ts';
export { searchThroughput, lossRatio, type SearchOptions, type SearchResult, type TrialRecord, type TrialResult } from './throughput-search.ts';
export { DnsQueryRate, type DnsRateOptions, type DnsTrial } from './dns-query-rate.ts';
export { ControlLoop, type ControlLoopOptions, type ControlLoopResult, type ControlLoopBucket } from './control-loop.ts';
export * as sessionLoad from './session-load/index.ts';
