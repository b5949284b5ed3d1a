import { formatIpv6, parseIpv4Into, parseIpv6Into } from '../common/ip-bytes.ts';
import { sum16, finish } from '../common/checksum.ts';
import { DecodeError, EncodeError } from '../common/decode-error.ts';

/**
 * UDP (RFC 768) inside IPv4 (RFC 791) or IPv6 (RFC 8200), just enough to frame a datagram the
 * harness sent or received over a UDP socket as the packet that was on the wire, with correct
 * checksums (RFC 8200 §8.1 pseudo-header), and to take such a packet apart again.
 */
export interface UdpEndpoint {
  address: string;
  port: number;
}

export interface UdpDatagram {
  src: UdpEndpoint;
  dst: UdpEndpoint;
  payload: Buffer;
  hopLimit?: number;
}

export function addressBytes(address: string): Buffer {
  const v4 = Buffer.alloc(4);
  if (parseIpv4Into(address, v4, 0)) return v4;
  const v6 = Buffer.alloc(16);
  if (parseIpv6Into(address, v6, 0)) return v6;
  throw new EncodeError('ip', 'address', `not an IP address: ${address}`);
}

export function addressString(bytes: Uint8Array): string {
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  return formatIpv6(bytes, 0);
}

const UDP_HEADER = 8;
const IPV6_HEADER = 40;
const IPV4_HEADER = 20;

/** Encodes the datagram as an IP packet (family from the addresses) with UDP checksum set. */
export function encodeUdpPacket(d: UdpDatagram): Buffer {
  const src = addressBytes(d.src.address);
  const dst = addressBytes(d.dst.address);
  if (src.length !== dst.length) throw new EncodeError('ip', 'addresses', 'source and destination families differ');
  const v6 = src.length === 16;
  const ipLen = v6 ? IPV6_HEADER : IPV4_HEADER;
  const udpLen = UDP_HEADER + d.payload.length;
  if (udpLen > 0xffff) throw new EncodeError('udp', 'length', `${udpLen} octets exceeds 65535`);
  const pkt = Buffer.alloc(ipLen + udpLen);
  if (v6) {
    pkt.writeUInt32BE(0x60000000, 0); // version 6, traffic class 0, flow label 0
    pkt.writeUInt16BE(udpLen, 4); // payload length
    pkt[6] = 17; // next header: UDP
    pkt[7] = d.hopLimit ?? 64;
    src.copy(pkt, 8);
    dst.copy(pkt, 24);
  } else {
    pkt[0] = 0x45;
    pkt.writeUInt16BE(ipLen + udpLen, 2);
    pkt.writeUInt16BE(0x4000, 6); // DF
    pkt[8] = d.hopLimit ?? 64;
    pkt[9] = 17;
    src.copy(pkt, 12);
    dst.copy(pkt, 16);
    pkt.writeUInt16BE(finish(sum16(pkt, 0, IPV4_HEADER)), 10);
  }
  const u = ipLen;
  pkt.writeUInt16BE(d.src.port, u);
  pkt.writeUInt16BE(d.dst.port, u + 2);
  pkt.writeUInt16BE(udpLen, u + 4);
  d.payload.copy(pkt, u + UDP_HEADER);
  pkt.writeUInt16BE(udpChecksum(src, dst, pkt, u, u + udpLen), u + 6);
  return pkt;
}

/** RFC 768 / RFC 8200 §8.1: checksum over the pseudo-header and the UDP header+data; 0 is sent as 0xffff. */
export function udpChecksum(src: Uint8Array, dst: Uint8Array, buf: Uint8Array, start: number, end: number): number {
  let acc = sum16(src, 0, src.length);
  acc = sum16(dst, 0, dst.length, acc);
  acc += 17 + (end - start);
  const c = finish(sum16(buf, start, end, acc));
  return c === 0 ? 0xffff : c;
}

/**
 * Parses an IPv4 or IPv6 packet carrying UDP (no IPv6 extension headers) into a datagram.
 * Returns undefined for a packet that is not UDP; throws DecodeError for a malformed one.
 */
export function decodeUdpPacket(pkt: Buffer): UdpDatagram | undefined {
  if (pkt.length < 1) throw new DecodeError('ip', 'header', 0, 'empty packet');
  const version = pkt[0] >> 4;
  let off: number;
  let src: Buffer;
  let dst: Buffer;
  let hopLimit: number;
  if (version === 6) {
    if (pkt.length < IPV6_HEADER) throw new DecodeError('ipv6', 'header', 0, `${pkt.length} octets, needs 40`);
    if (pkt[6] !== 17) return undefined;
    src = pkt.subarray(8, 24);
    dst = pkt.subarray(24, 40);
    hopLimit = pkt[7];
    off = IPV6_HEADER;
  } else if (version === 4) {
    const ihl = (pkt[0] & 0x0f) * 4;
    if (ihl < IPV4_HEADER || pkt.length < ihl) throw new DecodeError('ipv4', 'header', 0, `bad IHL ${ihl}`);
    if (pkt[9] !== 17) return undefined;
    src = pkt.subarray(12, 16);
    dst = pkt.subarray(16, 20);
    hopLimit = pkt[8];
    off = ihl;
  } else {
    throw new DecodeError('ip', 'header', 0, `IP version ${version}`);
  }
  if (pkt.length < off + UDP_HEADER) throw new DecodeError('udp', 'header', off, 'truncated UDP header');
  const len = pkt.readUInt16BE(off + 4);
  if (len < UDP_HEADER || off + len > pkt.length)
    throw new DecodeError('udp', 'length', off + 4, `UDP length ${len} does not fit`);
  return {
    src: { address: addressString(src), port: pkt.readUInt16BE(off) },
    dst: { address: addressString(dst), port: pkt.readUInt16BE(off + 2) },
    payload: Buffer.from(pkt.subarray(off + UDP_HEADER, off + len)),
    hopLimit,
  };
}
