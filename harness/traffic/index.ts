export { iperf3, iperf3Server, type Iperf3Result } from './iperf3.ts';
export { udpLatency, type LatencyResult } from './udp-latency.ts';
export { flowTemplate, writeStreamPacket, innerHeaderLength, type GtpuFlow, type FlowTemplate } from './gtpu-stream.ts';
export { generateGtpu, type GtpuGeneratorOptions, type GtpuGeneratorResult } from './gtpu-generator.ts';
export { GtpuSink, type GtpuSinkReport } from './gtpu-sink.ts';
export * as sessionLoad from './session-load/index.ts';
