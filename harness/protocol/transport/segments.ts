import { Reader, Writer } from '../common/cursor.ts';
import { EncodeError } from '../common/decode-error.ts';
import { addressBytes } from '../udpip/datagram.ts';
import { pseudoHeaderChecksum } from './pseudo-header.ts';

/**
 * UDP (RFC 768) and TCP (RFC 9293 §3.1) segments over IPv4 or IPv6: encode computes the
 * checksum over the pseudo-header of the given addresses, decode reports whether it verifies.
 */
export interface UdpSegment {
  srcPort: number;
  dstPort: number;
  data: Buffer;
  checksumValid?: boolean;
}

export interface TcpFlags {
  cwr?: boolean;
  ece?: boolean;
  urg?: boolean;
  ack?: boolean;
  psh?: boolean;
  rst?: boolean;
  syn?: boolean;
  fin?: boolean;
}

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ackNumber: number;
  flags: TcpFlags;
  window: number;
  urgentPointer: number;
  /** Options as sent (a multiple of 4 octets). */
  options: Buffer;
  data: Buffer;
  checksumValid?: boolean;
}

const FLAG_BITS: [keyof TcpFlags, number][] = [
  ['cwr', 0x80],
  ['ece', 0x40],
  ['urg', 0x20],
  ['ack', 0x10],
  ['psh', 0x08],
  ['rst', 0x04],
  ['syn', 0x02],
  ['fin', 0x01],
];

export function encodeUdpSegment(s: UdpSegment, src: string, dst: string): Buffer {
  const b = Buffer.alloc(8 + s.data.length);
  new Writer(b, 0, 'udp').u16(s.srcPort, 'source port').u16(s.dstPort, 'destination port').u16(b.length, 'length').u16(0).bytes(s.data);
  const c = pseudoHeaderChecksum(addressBytes(src), addressBytes(dst), 17, b);
  b.writeUInt16BE(c === 0 ? 0xffff : c, 6);
  return b;
}

export function decodeUdpSegment(b: Buffer, src: string, dst: string): UdpSegment {
  const r = Reader.of(b, 'udp').at('header');
  const srcPort = r.u16();
  const dstPort = r.u16();
  const len = r.u16();
  const checksum = r.u16();
  if (len < 8 || len > b.length) r.fail(`length ${len} does not fit ${b.length} octets`, 4);
  const data = Buffer.from(b.subarray(8, len));
  // A zero checksum means "none" over IPv4 (RFC 768); over IPv6 it is invalid (RFC 8200 §8.1).
  const v4 = !src.includes(':');
  const checksumValid = checksum === 0 ? v4 : pseudoHeaderChecksum(addressBytes(src), addressBytes(dst), 17, b.subarray(0, len)) === 0;
  return { srcPort, dstPort, data, checksumValid };
}

export function encodeTcpSegment(s: TcpSegment, src: string, dst: string): Buffer {
  if (s.options.length % 4 !== 0 || s.options.length > 40) throw new EncodeError('tcp', 'options', 'must be a multiple of 4 octets, at most 40');
  const hl = 20 + s.options.length;
  const b = Buffer.alloc(hl + s.data.length);
  let flags = 0;
  for (const [k, bit] of FLAG_BITS) if (s.flags[k]) flags |= bit;
  new Writer(b, 0, 'tcp')
    .u16(s.srcPort, 'source port')
    .u16(s.dstPort, 'destination port')
    .u32(s.seq, 'sequence number')
    .u32(s.ackNumber, 'acknowledgment number')
    .u8((hl / 4) << 4)
    .u8(flags)
    .u16(s.window, 'window')
    .u16(0)
    .u16(s.urgentPointer, 'urgent pointer')
    .bytes(s.options)
    .bytes(s.data);
  b.writeUInt16BE(pseudoHeaderChecksum(addressBytes(src), addressBytes(dst), 6, b), 16);
  return b;
}

export function decodeTcpSegment(b: Buffer, src: string, dst: string): TcpSegment {
  const r = Reader.of(b, 'tcp').at('header');
  const srcPort = r.u16();
  const dstPort = r.u16();
  const seq = r.u32();
  const ackNumber = r.u32();
  const hl = (r.u8() >> 4) * 4;
  const f = r.u8();
  const window = r.u16();
  r.u16();
  const urgentPointer = r.u16();
  if (hl < 20 || hl > b.length) r.fail(`data offset ${hl} octets`, 12);
  const options = r.bytes(hl - 20);
  const flags: TcpFlags = {};
  for (const [k, bit] of FLAG_BITS) if (f & bit) flags[k] = true;
  return { srcPort, dstPort, seq, ackNumber, flags, window, urgentPointer, options, data: r.rest(), checksumValid: pseudoHeaderChecksum(addressBytes(src), addressBytes(dst), 6, b) === 0 };
}
