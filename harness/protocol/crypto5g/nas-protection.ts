import { type CipheringAlgorithm, cipher, type IntegrityAlgorithm, mac } from './nas-algorithms.ts';

/**
 * The 5GS NAS security protected message (TS 24.501 §9.1.1, §4.4.3-4.4.5): EPD 0x7E, security
 * header type, MAC (4 octets), sequence number (the 8 low bits of NAS COUNT), then the plain 5GS
 * NAS message, ciphered for types 2 and 4. The MAC covers the sequence number and the (ciphered)
 * message; COUNT = NAS overflow (16 bits) || SQN, BEARER = the NAS connection identifier (0 for
 * 3GPP access, §4.4.3.1), DIRECTION 0 uplink / 1 downlink.
 */
export const SECURITY_HEADER_TYPE = {
  plain: 0,
  integrityProtected: 1,
  integrityProtectedAndCiphered: 2,
  integrityProtectedWithNewContext: 3,
  integrityProtectedAndCipheredWithNewContext: 4,
} as const;
export type SecurityHeaderType = (typeof SECURITY_HEADER_TYPE)[keyof typeof SECURITY_HEADER_TYPE];

export interface NasSecurityContext {
  kNasInt: Uint8Array;
  kNasEnc: Uint8Array;
  integrity: IntegrityAlgorithm;
  ciphering: CipheringAlgorithm;
  /** 0 uplink (UE → AMF), 1 downlink. */
  direction: 0 | 1;
  /** NAS connection identifier: 0 for 3GPP access. */
  bearer?: number;
}

const ciphered = (sht: number) => sht === 2 || sht === 4;

/**
 * The security fields of a protected message, in the shape of the NAS codec's security
 * protected message (protocol/nas common/security-protected: MAC as a number, sequence number,
 * payload), so the codec frames what this computes.
 */
export interface ProtectedParts {
  securityHeaderType: Exclude<SecurityHeaderType, 0>;
  mac: number;
  sequenceNumber: number;
  /** The plain message, ciphered for types 2 and 4. */
  payload: Buffer;
}

/** Protects a plain 5GS NAS message with NAS COUNT `count` under security header type `sht` (1..4). */
export function protectParts(
  plain: Uint8Array,
  sht: Exclude<SecurityHeaderType, 0>,
  count: number,
  ctx: NasSecurityContext,
): ProtectedParts {
  const input = { count, bearer: ctx.bearer ?? 0, direction: ctx.direction };
  const payload = ciphered(sht) ? cipher(ctx.ciphering, { ...input, key: ctx.kNasEnc }, plain) : Buffer.from(plain);
  const m = mac(ctx.integrity, { ...input, key: ctx.kNasInt }, Buffer.concat([Uint8Array.of(count & 0xff), payload]));
  return { securityHeaderType: sht, mac: m.readUInt32BE(0), sequenceNumber: count & 0xff, payload };
}

/** The whole protected message: EPD 0x7E, security header type, MAC, sequence number, payload. */
export function protectNas(
  plain: Uint8Array,
  sht: Exclude<SecurityHeaderType, 0>,
  count: number,
  ctx: NasSecurityContext,
): Buffer {
  const p = protectParts(plain, sht, count, ctx);
  const head = Buffer.alloc(7);
  head[0] = 0x7e;
  head[1] = sht;
  head.writeUInt32BE(p.mac, 2);
  head[6] = p.sequenceNumber;
  return Buffer.concat([head, p.payload]);
}

/**
 * Checks and deciphers the security fields of a received message. `estimatedCount` is the
 * receiver's NAS COUNT estimate whose low 8 bits are replaced by the received sequence number
 * (TS 24.501 §4.4.3.1).
 */
export function verifyParts(
  parts: { securityHeaderType: number; mac: number; sequenceNumber: number; payload: Uint8Array },
  estimatedCount: number,
  ctx: NasSecurityContext,
): { plain: Buffer; macValid: boolean; count: number } {
  const count = (((estimatedCount >>> 8) << 8) | (parts.sequenceNumber & 0xff)) >>> 0;
  const input = { count, bearer: ctx.bearer ?? 0, direction: ctx.direction };
  const expected = mac(
    ctx.integrity,
    { ...input, key: ctx.kNasInt },
    Buffer.concat([Uint8Array.of(parts.sequenceNumber & 0xff), parts.payload]),
  );
  const plain = ciphered(parts.securityHeaderType)
    ? cipher(ctx.ciphering, { ...input, key: ctx.kNasEnc }, parts.payload)
    : Buffer.from(parts.payload);
  return { plain, macValid: expected.readUInt32BE(0) === parts.mac >>> 0, count };
}

export interface UnprotectedNas {
  sht: number;
  mac: Buffer;
  sqn: number;
  /** The plain NAS message (deciphered for types 2 and 4). */
  plain: Buffer;
  /** Whether the MAC equals the one computed with the estimated COUNT. */
  macValid: boolean;
}

/** Unwraps a whole protected message; null for a plain message or one too short for the header. */
export function unprotectNas(pdu: Uint8Array, estimatedCount: number, ctx: NasSecurityContext): UnprotectedNas | null {
  if (pdu.length < 8 || pdu[0] !== 0x7e) return null;
  const sht = pdu[1] & 0x0f;
  if (sht < 1 || sht > 4) return null;
  const b = Buffer.from(pdu);
  const parts = { securityHeaderType: sht, mac: b.readUInt32BE(2), sequenceNumber: b[6], payload: b.subarray(7) };
  const v = verifyParts(parts, estimatedCount, ctx);
  return { sht, mac: b.subarray(2, 6), sqn: b[6], plain: v.plain, macValid: v.macValid };
}
