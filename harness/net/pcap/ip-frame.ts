import { encodeIpPacket, ipPacket } from '../../protocol/ip/index.ts';

/**
 * An upper-layer message framed as the IP packet that carried it (RFC 791 §3.1, RFC 8200 §3),
 * for captures of protocols the harness sends over raw sockets (SCTP, protocol 132): the kernel
 * wrote the real header, the IP codec writes the same fields (no options, no extension headers).
 * The family comes from the addresses; IPv4 gets DF and its header checksum.
 */
export function ipFrame(src: string, dst: string, protocol: number, payload: Uint8Array, hopLimit = 64): Buffer {
  const data = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return encodeIpPacket(ipPacket(src, dst, { type: 'raw', protocol, data }, hopLimit));
}
