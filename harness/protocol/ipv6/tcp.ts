import { DecodeError } from '../common/decode-error.ts';
import { upperLayerChecksum } from './packet.ts';

/**
 * A bare TCP header (RFC 9293 §3.1, no options) for probes the kernel would not send on its own
 * (a SYN behind a long extension-header chain, cut into fragments) and for the UE model's and the
 * internet stand-in's own TCP, and its checksum over the IPv6 pseudo-header (RFC 8200 §8.1).
 */
export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /** The segment's data (after the header and its options, RFC 9293 §3.1 Data Offset). */
  data: Buffer;
}

export function tcpHeader(f: { srcPort: number; dstPort: number; seq: number; ack?: number; flags: number; window?: number }): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt16BE(f.srcPort, 0);
  b.writeUInt16BE(f.dstPort, 2);
  b.writeUInt32BE(f.seq >>> 0, 4);
  b.writeUInt32BE((f.ack ?? 0) >>> 0, 8);
  b[12] = 5 << 4; // data offset: 5 words
  b[13] = f.flags;
  b.writeUInt16BE(f.window ?? 65535, 14);
  return b;
}

/** Header and data of one segment, checksum left zero (fillTcpChecksum fills it in the packet). */
export function tcpSegment(f: { srcPort: number; dstPort: number; seq: number; ack?: number; flags: number; window?: number; data?: Buffer }): Buffer {
  const h = tcpHeader(f);
  return f.data?.length ? Buffer.concat([h, f.data]) : h;
}

/** RFC 9293 §3.1: the fixed header, then options up to Data Offset × 4 octets, then data. */
export function decodeTcpSegment(b: Buffer): TcpSegment {
  if (b.length < 20) throw new DecodeError('ipv6', 'tcp', 0, `${b.length} octets, shorter than a TCP header (20)`);
  const offset = (b[12] >> 4) * 4;
  if (offset < 20 || offset > b.length) throw new DecodeError('ipv6', 'tcp', 12, `data offset ${offset} outside 20…${b.length}`);
  return { srcPort: b.readUInt16BE(0), dstPort: b.readUInt16BE(2), seq: b.readUInt32BE(4), ack: b.readUInt32BE(8), flags: b[13] & 0x3f, window: b.readUInt16BE(14), data: b.subarray(offset) };
}

/** Where the TCP header starts in an unfragmented IPv6 packet whose header chain ends in TCP. */
function tcpOffset(pkt: Buffer): number {
  let next = pkt[6];
  let off = 40;
  while (next === 0 || next === 43 || next === 60 || next === 44) {
    const len = next === 44 ? 8 : (pkt[off + 1] + 1) * 8;
    next = pkt[off];
    off += len;
  }
  if (next !== 6 || off + 20 > pkt.length) throw new DecodeError('ipv6', 'tcp', off, 'the header chain does not end in a TCP header');
  return off;
}

/** Writes the TCP checksum into an unfragmented IPv6 packet whose header chain ends in TCP. */
export function fillTcpChecksum(pkt: Buffer): Buffer {
  const off = tcpOffset(pkt);
  pkt.writeUInt16BE(0, off + 16);
  pkt.writeUInt16BE(upperLayerChecksum(pkt, off, 6), off + 16);
  return pkt;
}

/** RFC 9293 §3.1: the one's-complement sum over pseudo-header and segment, checksum included, is all ones. */
export function tcpChecksumValid(pkt: Buffer): boolean {
  return upperLayerChecksum(pkt, tcpOffset(pkt), 6) === 0;
}
