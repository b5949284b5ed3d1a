import { finish, sum16 } from '../../protocol/common/checksum.ts';
import { parseIpv4Into, parseIpv6Into } from '../../protocol/common/ip-bytes.ts';

/**
 * An upper-layer message framed as the IP packet that carried it (RFC 791 §3.1, RFC 8200 §3),
 * for captures of protocols the harness sends over raw sockets (SCTP, protocol 132): the kernel
 * wrote the real header, this writes the same fields (no options, no extension headers). The
 * family comes from the addresses; IPv4 gets DF and its header checksum.
 */
export function ipFrame(src: string, dst: string, protocol: number, payload: Uint8Array, hopLimit = 64): Buffer {
  const v4 = !src.includes(':');
  const header = v4 ? 20 : 40;
  const pkt = Buffer.allocUnsafe(header + payload.length);
  pkt.fill(0, 0, header);
  if (v4) {
    if (!parseIpv4Into(src, pkt, 12) || !parseIpv4Into(dst, pkt, 16))
      throw new Error(`ipFrame: not an IPv4 address pair: ${src}, ${dst}`);
    pkt[0] = 0x45;
    pkt.writeUInt16BE(pkt.length, 2);
    pkt.writeUInt16BE(0x4000, 6);
    pkt[8] = hopLimit;
    pkt[9] = protocol;
    pkt.writeUInt16BE(finish(sum16(pkt, 0, 20)), 10);
  } else {
    if (!parseIpv6Into(src, pkt, 8) || !parseIpv6Into(dst, pkt, 24))
      throw new Error(`ipFrame: not an IPv6 address pair: ${src}, ${dst}`);
    pkt[0] = 0x60;
    pkt.writeUInt16BE(payload.length, 4);
    pkt[6] = protocol;
    pkt[7] = hopLimit;
  }
  pkt.set(payload, header);
  return pkt;
}
