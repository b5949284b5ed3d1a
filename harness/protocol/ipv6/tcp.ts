import { DecodeError } from '../common/decode-error.ts';
import { upperLayerChecksum } from './packet.ts';

/**
 * A bare TCP header (RFC 9293 §3.1, no options) for probes the kernel would not send on its own
 * (a SYN behind a long extension-header chain, cut into fragments), and its checksum over the
 * IPv6 pseudo-header (RFC 8200 §8.1).
 */
export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

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

/** Writes the TCP checksum into an unfragmented IPv6 packet whose header chain ends in TCP. */
export function fillTcpChecksum(pkt: Buffer): Buffer {
  let next = pkt[6];
  let off = 40;
  while (next === 0 || next === 43 || next === 60 || next === 44) {
    const len = next === 44 ? 8 : (pkt[off + 1] + 1) * 8;
    next = pkt[off];
    off += len;
  }
  if (next !== 6 || off + 20 > pkt.length) throw new DecodeError('ipv6', 'tcp', off, 'the header chain does not end in a TCP header');
  pkt.writeUInt16BE(0, off + 16);
  pkt.writeUInt16BE(upperLayerChecksum(pkt, off, 6), off + 16);
  return pkt;
}
