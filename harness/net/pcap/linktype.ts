/** Link-layer header types (tcpdump.org linktypes list) that the harness reads and writes. */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  /** Raw IP: each packet starts with an IPv4 or IPv6 header. What the harness writes. */
  RAW: 101,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
} as const;

export interface CapturedPacket {
  /** Seconds since the epoch, with sub-microsecond part in `nanos`. */
  seconds: number;
  nanos: number;
  linktype: number;
  data: Buffer;
}
