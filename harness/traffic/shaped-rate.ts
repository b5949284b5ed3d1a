/**
 * What goodput a link shaped at a given rate lets through, and whether a measurement matches it.
 *
 * Linux's tbf (tc-tbf(8)) charges each packet its length at the qdisc, the whole frame the
 * device sends: for an Ethernet device such as veth the 14-octet MAC header (IEEE 802.3 §3.1.1,
 * destination + source + EtherType; no preamble, FCS or inter-frame gap, which veth has none of)
 * plus the IP packet. A GSO super-packet is charged as the segments it becomes (net/core/dev.c,
 * qdisc_pkt_len_init: every segment's headers are counted). `tc ... rate 100mbit` is 10^8 bit/s.
 * The meters count payload (goodput), so with P payload octets and H octets of headers per packet:
 *
 *   expected goodput = rate × P / (P + H)
 */
export const ETHERNET_HEADER = 14;
/** RFC 8200 §3. */
export const IPV6_HEADER = 40;
/** RFC 768. */
export const UDP_HEADER = 8;
/** RFC 9293 §3.1, without options. */
export const TCP_HEADER = 20;
/** RFC 7323 §3: Timestamps option (10 octets) padded to a 4-octet boundary with two NOPs, as Linux sends it on every segment. */
export const TCP_TIMESTAMPS_OPTION = 12;

export interface PacketShape {
  payload: number;
  /** Every octet the shaper counts besides the payload. */
  headers: number;
}

/** Full-sized UDP datagrams of `payload` octets over IPv6 on Ethernet. */
export function udpOverIpv6(payload: number): PacketShape {
  return { payload, headers: ETHERNET_HEADER + IPV6_HEADER + UDP_HEADER };
}

/**
 * Full-sized TCP segments over IPv6 on an Ethernet link of the given MTU: the MSS is the MTU less
 * the IPv6 and TCP headers (RFC 9293 §3.7.1), and the options of every segment come out of it.
 */
export function tcpOverIpv6(mtu: number, timestamps: boolean): PacketShape {
  const options = timestamps ? TCP_TIMESTAMPS_OPTION : 0;
  return {
    payload: mtu - IPV6_HEADER - TCP_HEADER - options,
    headers: ETHERNET_HEADER + IPV6_HEADER + TCP_HEADER + options,
  };
}

/** Goodput (Mbit/s of payload) a shaper at `shaperMbps` lets through for packets of this shape. */
export function expectedGoodputMbps(shaperMbps: number, shape: PacketShape): number {
  return (shaperMbps * shape.payload) / (shape.payload + shape.headers);
}

export interface Agreement {
  ok: boolean;
  /** (observed − expected) / expected. */
  deviation: number;
  tolerance: number;
}

/** Whether `observed` is within ±tolerance (a fraction: 0.03 = 3 %) of `expected`. */
export function within(observed: number, expected: number, tolerance: number): Agreement {
  if (!(expected > 0) || !Number.isFinite(observed)) return { ok: false, deviation: Number.NaN, tolerance };
  const deviation = (observed - expected) / expected;
  return { ok: Math.abs(deviation) <= tolerance, deviation, tolerance };
}
