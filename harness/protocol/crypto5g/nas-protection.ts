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

/** Wraps a plain 5GS NAS message with NAS COUNT `count` under security header type `sht` (1..4). */
export function protectNas(
  plain: Uint8Array,
  sht: Exclude<SecurityHeaderType, 0>,
  count: number,
  ctx: NasSecurityContext,
): Buffer {
  const input = { count, bearer: ctx.bearer ?? 0, direction: ctx.direction };
  const body = ciphered(sht) ? cipher(ctx.ciphering, { ...input, key: ctx.kNasEnc }, plain) : Buffer.from(plain);
  const sqnAndBody = Buffer.concat([Uint8Array.of(count & 0xff), body]);
  const m = mac(ctx.integrity, { ...input, key: ctx.kNasInt }, sqnAndBody);
  return Buffer.concat([Uint8Array.of(0x7e, sht), m, sqnAndBody]);
}

export interface UnprotectedNas {
  sht: number;
  mac: Buffer;
  sqn: number;
  /** The plain NAS message (deciphered for types 2 and 4). */
  plain: Buffer;
  /** Whether the MAC equals the one computed with `count`. */
  macValid: boolean;
}

/**
 * Unwraps a security protected 5GS NAS message. `count` is the receiver's estimate of NAS COUNT
 * whose low 8 bits are replaced by the received SQN (§4.4.3.1). Returns null for a plain message
 * or one too short to hold the header.
 */
export function unprotectNas(pdu: Uint8Array, estimatedCount: number, ctx: NasSecurityContext): UnprotectedNas | null {
  if (pdu.length < 8 || pdu[0] !== 0x7e) return null;
  const sht = pdu[1] & 0x0f;
  if (sht < 1 || sht > 4) return null;
  const sqn = pdu[6];
  const count = ((estimatedCount >>> 8) << 8) | sqn;
  const input = { count, bearer: ctx.bearer ?? 0, direction: ctx.direction };
  const expected = mac(ctx.integrity, { ...input, key: ctx.kNasInt }, pdu.subarray(6));
  const body = pdu.subarray(7);
  const plain = ciphered(sht) ? cipher(ctx.ciphering, { ...input, key: ctx.kNasEnc }, body) : Buffer.from(body);
  return {
    sht,
    mac: Buffer.from(pdu.subarray(2, 6)),
    sqn,
    plain,
    macValid: expected.equals(Buffer.from(pdu.subarray(2, 6))),
  };
}
