import { DecodeError, EncodeError } from '../common/decode-error.ts';

/**
 * The TCP header on the wire (RFC 9293 §3.1), the one implementation of it: source and destination
 * port, sequence and acknowledgment numbers, Data Offset, the control bits (RFC 9293 §3.1 and
 * RFC 3168 §6.1 for CWR/ECE), window, checksum, urgent pointer, options up to Data Offset × 4
 * octets, then data. The checksum is left zero here: the IPv6 packet builders fill it over the
 * packet (protocol/ipv6/tcp.ts), the segment codec over given addresses (segments.ts).
 */
export const TCP_FLAGS = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

export interface TcpWire {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** The control bits as one octet (TCP_FLAGS). */
  flags: number;
  window: number;
  urgentPointer: number;
  /** Options as sent (a multiple of 4 octets, at most 40). */
  options: Buffer;
  data: Buffer;
}

const EMPTY = Buffer.alloc(0);

export function writeTcp(f: {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack?: number;
  flags: number;
  window?: number;
  urgentPointer?: number;
  options?: Buffer;
  data?: Buffer;
}): Buffer {
  const options = f.options ?? EMPTY;
  if (options.length % 4 !== 0 || options.length > 40)
    throw new EncodeError('tcp', 'options', 'must be a multiple of 4 octets, at most 40');
  const hl = 20 + options.length;
  const data = f.data ?? EMPTY;
  const b = Buffer.alloc(hl + data.length);
  b.writeUInt16BE(f.srcPort, 0);
  b.writeUInt16BE(f.dstPort, 2);
  b.writeUInt32BE(f.seq >>> 0, 4);
  b.writeUInt32BE((f.ack ?? 0) >>> 0, 8);
  b[12] = (hl / 4) << 4; // Data Offset in 32-bit words
  b[13] = f.flags & 0xff;
  b.writeUInt16BE(f.window ?? 65535, 14);
  b.writeUInt16BE(f.urgentPointer ?? 0, 18);
  options.copy(b, 20);
  data.copy(b, hl);
  return b;
}

export function readTcp(b: Buffer): TcpWire {
  if (b.length < 20) throw new DecodeError('tcp', 'header', 0, `${b.length} octets, shorter than a TCP header (20)`);
  const hl = (b[12] >> 4) * 4;
  if (hl < 20 || hl > b.length)
    throw new DecodeError('tcp', 'data offset', 12, `data offset ${hl} outside 20…${b.length}`);
  return {
    srcPort: b.readUInt16BE(0),
    dstPort: b.readUInt16BE(2),
    seq: b.readUInt32BE(4),
    ack: b.readUInt32BE(8),
    flags: b[13],
    window: b.readUInt16BE(14),
    urgentPointer: b.readUInt16BE(18),
    options: b.subarray(20, hl),
    data: b.subarray(hl),
  };
}
