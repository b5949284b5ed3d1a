export { iperf3, iperf3Server, type Iperf3Result } from './iperf3.ts';
export { udpLatency, type LatencyResult } from './udp-latency.ts';
export {
  flowTemplate,
  writeStreamPacket,
  readStreamPacket,
  innerHeaderLength,
  type GtpuFlow,
  type FlowTemplate,
  type StreamPacketView,
} from './gtpu-stream.ts';
export { generateGtpu, type GtpuGeneratorOptions, type GtpuGeneratorResult } from './gtpu-generator.ts';
export { GtpuSink, type GtpuSinkReport } from './gtpu-sink.ts';
export {
  searchThroughput,
  lossRatio,
  type SearchOptions,
  type SearchResult,
  type TrialRecord,
  type TrialResult,
} from './throughput-search.ts';
export { DnsQueryRate, type DnsRateOptions, type DnsTrial } from './dns-query-rate.ts';
export {
  ControlLoop,
  type ControlLoopOptions,
  type ControlLoopResult,
  type ControlLoopBucket,
} from './control-loop.ts';
export * as sessionLoad from './session-load/index.ts';
export { receiveTcpGoodput, TcpGoodputSender, TCP_BLOCK, type TcpGoodput, type TcpSendResult } from './tcp-goodput.ts';
export {
  sendUdpStream,
  UdpCounter,
  type UdpThroughput,
  type UdpSendOptions,
  type UdpSendResult,
} from './udp-throughput.ts';
export {
  expectedGoodputMbps,
  tcpOverIpv6,
  udpOverIpv6,
  within,
  type PacketShape,
  type Agreement,
} from './shaped-rate.ts';
export { percentile, percentiles, median } from './percentile.ts';
export { harnessTcp, harnessUdp, iperf3OnPath, type NamespacePath, type MeterWindow } from './path-meter.ts';
export {
  shapedRuns,
  judgeShaped,
  shapedLadder,
  ladderRates,
  rungOk,
  figureOk,
  receiveBufferDrops,
  unshapedComparison,
  capabilityMbps,
  type ShapedFigure,
  type ShapedRuns,
  type Rung,
  type Comparison,
} from './accuracy.ts';
export {
  RadiusTransactionRate,
  accountingTemplate,
  type RadiusRateOptions,
  type RadiusTrial,
} from './radius-transaction-rate.ts';
