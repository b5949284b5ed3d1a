import { decodeIpv4Packet, encodeIpv4Packet } from '../ipv4/packet.ts';
import { decodeIpv6Packet, encodeIpv6Packet } from '../ipv6/packet.ts';
import { decodeTcpSegment, fillTcpChecksum, tcpChecksumValid, tcpSegment, type TcpSegment } from '../ipv6/tcp.ts';
import { pseudoHeaderChecksum } from '../transport/pseudo-header.ts';
import { addressBytes } from '../udpip/datagram.ts';

/**
 * One TCP segment (RFC 9293 §3.1) inside a whole IPv6 (RFC 8200) or IPv4 (RFC 791) packet, the
 * family taken from the addresses: what the UE model's TCP and the internet stand-in's echo
 * service put on the bearer and SGi. The checksum covers the family's pseudo-header: RFC 8200
 * §8.1 for IPv6, RFC 9293 §3.1 (source, destination, zero, PTCL, TCP length) for IPv4.
 */
export interface TcpPacketFields {
  src: string;
  dst: string;
  /** Hop limit (IPv6) or TTL (IPv4); 64 unless given. */
  hopLimit?: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack?: number;
  flags: number;
  window?: number;
  data?: Buffer;
}

export interface TcpPacket {
  family: 4 | 6;
  src: string;
  dst: string;
  segment: TcpSegment;
  checksumValid: boolean;
}

const TCP = 6;

export function encodeTcpPacket(f: TcpPacketFields): Buffer {
  const seg = tcpSegment(f);
  const hopLimit = f.hopLimit ?? 64;
  if (!f.src.includes(':')) {
    seg.writeUInt16BE(pseudoHeaderChecksum(addressBytes(f.src), addressBytes(f.dst), TCP, seg), 16);
    // RFC 791 §3.1; DF set, as TCP stacks that do path MTU discovery send (RFC 1191 §3).
    return encodeIpv4Packet({
      tos: 0,
      identification: 0,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: hopLimit,
      protocol: TCP,
      src: f.src,
      dst: f.dst,
      payload: seg,
    });
  }
  return fillTcpChecksum(
    encodeIpv6Packet({
      version: 6,
      trafficClass: 0,
      flowLabel: 0,
      hopLimit,
      src: f.src,
      dst: f.dst,
      extensionHeaders: [],
      payload: { type: 'raw', nextHeader: TCP, data: seg },
    }),
  );
}

/**
 * The TCP segment of an IPv6 or IPv4 packet, or undefined for anything else (another protocol,
 * a fragment, a malformed header or segment).
 */
export function decodeTcpPacket(raw: Buffer): TcpPacket | undefined {
  try {
    const version = raw.length ? raw[0] >> 4 : 0;
    if (version === 6) {
      const p = decodeIpv6Packet(raw);
      if (
        p.payload.type !== 'raw' ||
        p.payload.nextHeader !== TCP ||
        p.extensionHeaders.some((h) => h.type === 'fragment')
      )
        return undefined;
      return {
        family: 6,
        src: p.src,
        dst: p.dst,
        segment: decodeTcpSegment(p.payload.data),
        checksumValid: tcpChecksumValid(raw),
      };
    }
    if (version === 4) {
      const p = decodeIpv4Packet(raw);
      if (p.protocol !== TCP || p.moreFragments || p.fragmentOffset !== 0) return undefined;
      const checksumValid =
        p.headerChecksumValid && pseudoHeaderChecksum(addressBytes(p.src), addressBytes(p.dst), TCP, p.payload) === 0;
      return { family: 4, src: p.src, dst: p.dst, segment: decodeTcpSegment(p.payload), checksumValid };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
