import { crc32c } from '@node-rs/crc32';

/**
 * The SCTP checksum (RFC 9260 §6.8, Appendix B): CRC32c (Castagnoli, polynomial 0x1EDC6F41,
 * reflected, initial and final value 0xFFFFFFFF) over the whole packet with the checksum field
 * zero. @node-rs/crc32 computes it with the CPU's CRC32 instruction where there is one. The
 * value goes on the wire least significant octet first (Appendix B: the CRC's bit order is
 * reflected, so its first transmitted octet is the low one), as Linux writes it (cpu_to_le32).
 */
const ZERO4 = new Uint8Array(4);

/** CRC32c of `packet` as if octets 8..11 (the checksum field) were zero. */
export function sctpChecksum(packet: Uint8Array): number {
  let c = crc32c(packet.subarray(0, 8));
  c = crc32c(ZERO4, c);
  return crc32c(packet.subarray(12), c) >>> 0;
}

/** Writes the checksum of a packet whose checksum field is zero. */
export function writeChecksum(packet: Buffer): void {
  packet.writeUInt32LE(crc32c(packet) >>> 0, 8);
}

export function checksumValid(packet: Buffer): boolean {
  return packet.length >= 12 && packet.readUInt32LE(8) === sctpChecksum(packet);
}
