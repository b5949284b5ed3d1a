import {
  type NasSecurityContext,
  protectParts,
  type SecurityHeaderType,
  verifyParts,
} from '../../crypto5g/nas-protection.ts';
import type { SecurityProtected } from '../common/security-protected.ts';
import { decode, encode, type NasMessage } from '../message.ts';

/**
 * A plain 5GS NAS message wrapped in the security header (TS 24.501 §9.1.1, §4.4.3-4.4.5): the
 * MAC (128-NIA2 or NIA0) over sequence number and message, the message ciphered (128-NEA2 or
 * NEA0) for security header types 2 and 4. The result is the codec's SecurityProtected value,
 * so `encode` frames it.
 */
export function protect5gs(
  plain: NasMessage,
  securityHeaderType: Exclude<SecurityHeaderType, 0>,
  count: number,
  ctx: NasSecurityContext,
): SecurityProtected {
  const p = protectParts(encode(plain), securityHeaderType, count, ctx);
  return {
    protocol: '5gmm',
    type: 'security-protected',
    securityHeaderType: p.securityHeaderType,
    mac: p.mac,
    sequenceNumber: p.sequenceNumber,
    payload: p.payload,
  };
}

/**
 * Checks the MAC of a received security protected 5GS message and deciphers it; `estimatedCount`
 * is the receiver's NAS COUNT estimate (its low 8 bits are replaced by the sequence number).
 * The inner message is decoded (a DecodeError if it does not decode).
 */
export function unprotect5gs(
  m: SecurityProtected,
  estimatedCount: number,
  ctx: NasSecurityContext,
): { message: NasMessage; macValid: boolean; count: number } {
  const v = verifyParts(m, estimatedCount, ctx);
  return { message: decode(v.plain), macValid: v.macValid, count: v.count };
}
