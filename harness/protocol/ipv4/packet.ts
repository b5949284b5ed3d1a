import { Writer } from '../common/cursor.ts';
import { internetChecksum } from '../common/checksum.ts';
import { writeIpv4 } from '../common/ip-bytes.ts';
import { decodeIpv4Packet, type Ipv4Packet } from '../ipv6/packet.ts';

/** IPv4 header (RFC 791 §3.1) without options; the header checksum is computed here. */
export type Ipv4PacketInput = Omit<Ipv4Packet, 'headerChecksumValid' | 'version'> & { version?: 4 };

export function encodeIpv4Packet(p: Ipv4PacketInput): Buffer {
  const b = Buffer.alloc(20 + p.payload.length);
  const w = new Writer(b, 0, 'ipv4');
  w.u8(0x45).u8(p.tos, 'TOS').u16(b.length, 'total length').u16(p.identification, 'identification');
  w.u16((p.dontFragment ? 0x4000 : 0) | (p.moreFragments ? 0x2000 : 0) | (p.fragmentOffset & 0x1fff));
  w.u8(p.ttl, 'TTL').u8(p.protocol, 'protocol').u16(0);
  writeIpv4(w, p.src, 'source');
  writeIpv4(w, p.dst, 'destination');
  w.bytes(p.payload);
  b.writeUInt16BE(internetChecksum(b, 0, 20), 10);
  return b;
}

export { decodeIpv4Packet, type Ipv4Packet };
