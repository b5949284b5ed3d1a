import { Reader, Writer } from '../common/cursor.ts';
import { addressBytes } from '../udpip/datagram.ts';
import { pseudoHeaderChecksum } from './pseudo-header.ts';
import { readTcp, TCP_FLAGS, writeTcp } from './tcp-wire.ts';

/**
 * UDP (RFC 768) and TCP (RFC 9293 §3.1) segments over IPv4 or IPv6: encode computes the
 * checksum over the pseudo-header of the given addresses, decode reports whether it verifies.
 * TCP's wire format is tcp-wire.ts; here are the control bits by name and the checksum.
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
  ['cwr', TCP_FLAGS.CWR],
  ['ece', TCP_FLAGS.ECE],
  ['urg', TCP_FLAGS.URG],
  ['ack', TCP_FLAGS.ACK],
  ['psh', TCP_FLAGS.PSH],
  ['rst', TCP_FLAGS.RST],
  ['syn', TCP_FLAGS.SYN],
  ['fin', TCP_FLAGS.FIN],
];

export function encodeUdpSegment(s: UdpSegment, src: string, dst: string): Buffer {
  const b = Buffer.alloc(8 + s.data.length);
  new Writer(b, 0, 'udp')
    .u16(s.srcPort, 'source port')
    .u16(s.dstPort, 'destination port')
    .u16(b.length, 'length')
    .u16(0)
    .bytes(s.data);
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
  const checksumValid =
    checksum === 0 ? v4 : pseudoHeaderChecksum(addressBytes(src), addressBytes(dst), 17, b.subarray(0, len)) === 0;
  return { srcPort, dstPort, data, checksumValid };
}

export function encodeTcpSegment(s: TcpSegment, src: string, dst: string): Buffer {
  let flags = 0;
  for (const [k, bit] of FLAG_BITS) if (s.flags[k]) flags |= bit;
  const b = writeTcp({
    srcPort: s.srcPort,
    dstPort: s.dstPort,
    seq: s.seq,
    ack: s.ackNumber,
    flags,
    window: s.window,
    urgentPointer: s.urgentPointer,
    options: s.options,
    data: s.data,
  });
  b.writeUInt16BE(pseudoHeaderChecksum(addressBytes(src), addressBytes(dst), 6, b), 16);
  return b;
}

export function decodeTcpSegment(b: Buffer, src: string, dst: string): TcpSegment {
  const w = readTcp(b);
  const flags: TcpFlags = {};
  for (const [k, bit] of FLAG_BITS) if (w.flags & bit) flags[k] = true;
  return {
    srcPort: w.srcPort,
    dstPort: w.dstPort,
    seq: w.seq,
    ackNumber: w.ack,
    flags,
    window: w.window,
    urgentPointer: w.urgentPointer,
    options: Buffer.from(w.options),
    data: Buffer.from(w.data),
    checksumValid: pseudoHeaderChecksum(addressBytes(src), addressBytes(dst), 6, b) === 0,
  };
}
