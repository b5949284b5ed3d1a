import { DecodeError } from '../common/decode-error.ts';
import { readTcp, writeTcp } from '../transport/tcp-wire.ts';
import { upperLayerChecksum } from './packet.ts';

/**
 * TCP in IPv6 packets the harness builds itself (RFC 9293 §3.1 over RFC 8200 §8.1): probes the
 * kernel would not send on its own (a SYN behind a long extension-header chain, cut into
 * fragments), the UE model's and the internet stand-in's own TCP. The header's wire format is
 * protocol/transport/tcp-wire.ts; here are the flat shape those callers use (flags as one octet,
 * FIN/SYN/RST/PSH/ACK only) and the checksum over a whole IPv6 packet.
 */
export { TCP_FLAGS } from '../transport/tcp-wire.ts';

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

type TcpFields = { srcPort: number; dstPort: number; seq: number; ack?: number; flags: number; window?: number };

/** A 20-octet header, no options, checksum zero. */
export function tcpHeader(f: TcpFields): Buffer {
  return writeTcp(f);
}

/** Header and data of one segment, checksum left zero (fillTcpChecksum fills it in the packet). */
export function tcpSegment(f: TcpFields & { data?: Buffer }): Buffer {
  return writeTcp(f);
}

/** RFC 9293 §3.1: the fixed header, then options up to Data Offset × 4 octets, then data. */
export function decodeTcpSegment(b: Buffer): TcpSegment {
  const w = readTcp(b);
  return {
    srcPort: w.srcPort,
    dstPort: w.dstPort,
    seq: w.seq,
    ack: w.ack,
    flags: w.flags & 0x3f,
    window: w.window,
    data: w.data,
  };
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
  if (next !== 6 || off + 20 > pkt.length)
    throw new DecodeError('ipv6', 'tcp', off, 'the header chain does not end in a TCP header');
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
