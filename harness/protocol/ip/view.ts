/**
 * The allocation-free reading of an IP packet for hot paths (the GTP-U load sink, user planes):
 * the header fields a forwarding decision needs, as offsets into the caller's buffer. IPv6
 * extension headers (RFC 8200 §4) are walked to the upper layer; nothing is copied or decoded
 * beyond that, no checksum is verified. `decodeIpPacket` says why a packet this rejects is bad.
 */
export interface IpView {
  version: 4 | 6;
  /** Hop Limit (IPv6) or TTL (IPv4), and where it sits. */
  hopLimit: number;
  hopLimitOffset: number;
  /** Source and destination addresses: 4 or 16 octets at these offsets. */
  addressLength: 4 | 16;
  srcOffset: number;
  dstOffset: number;
  /** The upper-layer protocol (after any extension headers) and where it starts. */
  protocol: number;
  upperOffset: number;
  upperLength: number;
  /** Not a whole upper layer: a fragment other than an atomic one. */
  fragment: boolean;
}

export const newIpView = (): IpView => ({
  version: 4,
  hopLimit: 0,
  hopLimitOffset: 0,
  addressLength: 4,
  srcOffset: 0,
  dstOffset: 0,
  protocol: 0,
  upperOffset: 0,
  upperLength: 0,
  fragment: false,
});

/** Reads the packet at `offset` (`length` octets) into `out`; false if it is not a well-formed IP header chain. */
export function readIpView(buf: Uint8Array, offset: number, length: number, out: IpView): boolean {
  if (length < 1) return false;
  const end = offset + length;
  const v = buf[offset] >> 4;
  if (v === 4) {
    // RFC 791 §3.1: IHL, Total Length, flags and Fragment Offset, TTL at 8, Protocol at 9, addresses at 12.
    const ihl = (buf[offset] & 0x0f) * 4;
    if (length < 20 || ihl < 20 || ihl > length || ((buf[offset + 2] << 8) | buf[offset + 3]) !== length) return false;
    const fragment = (buf[offset + 6] & 0x3f) !== 0 || buf[offset + 7] !== 0;
    return fill(out, buf, 4, offset, 8, 12, buf[offset + 9], offset + ihl, end, fragment);
  }
  // RFC 8200 §3: Payload Length, Next Header, Hop Limit at 7, addresses at 8; §4 the header chain.
  if (v !== 6 || length < 40 || ((buf[offset + 4] << 8) | buf[offset + 5]) !== length - 40) return false;
  let next = buf[offset + 6];
  let p = offset + 40;
  let fragment = false;
  for (let n = 0; next === 0 || next === 43 || next === 44 || next === 60; n++) {
    if (n >= 16 || p + 8 > end) return false;
    const len = next === 44 ? 8 : (buf[p + 1] + 1) * 8;
    // §4.5: Fragment Offset and M; an atomic fragment (both zero) is a whole packet.
    if (next === 44) fragment ||= (((buf[p + 2] << 8) | buf[p + 3]) & 0xfff9) !== 0;
    next = buf[p];
    p += len;
    if (p > end) return false;
  }
  return fill(out, buf, 6, offset, 7, 8, next, p, end, fragment);
}

function fill(
  out: IpView,
  buf: Uint8Array,
  version: 4 | 6,
  offset: number,
  hopLimitAt: number,
  srcAt: number,
  protocol: number,
  upper: number,
  end: number,
  fragment: boolean,
): true {
  const addressLength = version === 4 ? 4 : 16;
  out.version = version;
  out.hopLimitOffset = offset + hopLimitAt;
  out.hopLimit = buf[offset + hopLimitAt];
  out.addressLength = addressLength;
  out.srcOffset = offset + srcAt;
  out.dstOffset = offset + srcAt + addressLength;
  out.protocol = protocol;
  out.upperOffset = upper;
  out.upperLength = end - upper;
  out.fragment = fragment;
  return true;
}
