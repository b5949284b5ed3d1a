import { createHash, createHmac } from 'node:crypto';
import type { Plmn } from '../common/plmn.ts';
import { xor } from './aes.ts';

/**
 * The generic key derivation function of TS 33.220 Annex B.2: HMAC-SHA-256(Key, S) with
 * S = FC || P0 || L0 || P1 || L1 || ..., each Li the two-octet length of Pi.
 */
export function kdf(key: Uint8Array, fc: number, ...params: Uint8Array[]): Buffer {
  const parts: Uint8Array[] = [Uint8Array.of(fc)];
  for (const p of params) {
    if (p.length > 0xffff) throw new RangeError('KDF parameter longer than 65535 octets');
    parts.push(p, Uint8Array.of(p.length >> 8, p.length & 0xff));
  }
  return createHmac('sha256', key).update(Buffer.concat(parts)).digest();
}

/** Serving network name (TS 24.501 §9.12.1, TS 33.501 §6.1.1.4): "5G:mncXXX.mccYYY.3gppnetwork.org". */
export function servingNetworkName(plmn: Plmn): string {
  return `5G:mnc${plmn.mnc.padStart(3, '0')}.mcc${plmn.mcc}.3gppnetwork.org`;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** KAUSF (TS 33.501 A.2): KDF(CK||IK, FC 0x6A, serving network name, SQN ⊕ AK). */
export function kausf(ck: Uint8Array, ik: Uint8Array, snn: string, sqnXorAk: Uint8Array): Buffer {
  return kdf(Buffer.concat([ck, ik]), 0x6a, utf8(snn), sqnXorAk);
}

/** RES* / XRES* (A.4): the 128 least significant bits of KDF(CK||IK, 0x6B, SNN, RAND, RES). */
export function resStar(ck: Uint8Array, ik: Uint8Array, snn: string, rand: Uint8Array, res: Uint8Array): Buffer {
  return kdf(Buffer.concat([ck, ik]), 0x6b, utf8(snn), rand, res).subarray(16, 32);
}

/** HRES* / HXRES* (A.5): the 128 least significant bits of SHA-256(RAND || RES*). */
export function hresStar(rand: Uint8Array, resStarValue: Uint8Array): Buffer {
  return createHash('sha256').update(rand).update(resStarValue).digest().subarray(16, 32);
}

/** KSEAF (A.6): KDF(KAUSF, 0x6C, serving network name). */
export function kseaf(kausfValue: Uint8Array, snn: string): Buffer {
  return kdf(kausfValue, 0x6c, utf8(snn));
}

/** KAMF (A.7): KDF(KSEAF, 0x6D, SUPI (the IMSI digits for an IMSI SUPI), ABBA). */
export function kamf(kseafValue: Uint8Array, supi: string, abba: Uint8Array = Uint8Array.of(0, 0)): Buffer {
  return kdf(kseafValue, 0x6d, utf8(supi.replace(/^imsi-/, '')), abba);
}

/** Algorithm type distinguishers (TS 33.501 Table A.8-1). */
export const ALGORITHM_TYPE = {
  'N-NAS-enc-alg': 0x01,
  'N-NAS-int-alg': 0x02,
  'N-RRC-enc-alg': 0x03,
  'N-RRC-int-alg': 0x04,
  'N-UP-enc-alg': 0x05,
  'N-UP-int-alg': 0x06,
} as const;
export type AlgorithmType = keyof typeof ALGORITHM_TYPE;

/** Algorithm key (A.8): the 128 least significant bits of KDF(key, 0x69, distinguisher, algorithm identity). */
export function algorithmKey(key: Uint8Array, type: AlgorithmType, algorithmId: number): Buffer {
  return kdf(key, 0x69, Uint8Array.of(ALGORITHM_TYPE[type]), Uint8Array.of(algorithmId)).subarray(16, 32);
}

/** KNASint and KNASenc from KAMF for the selected 5G-IA/5G-EA (A.8). */
export function nasKeys(
  kamfValue: Uint8Array,
  integrityAlg: number,
  cipheringAlg: number,
): { kNasInt: Buffer; kNasEnc: Buffer } {
  return {
    kNasInt: algorithmKey(kamfValue, 'N-NAS-int-alg', integrityAlg),
    kNasEnc: algorithmKey(kamfValue, 'N-NAS-enc-alg', cipheringAlg),
  };
}

/** Access type distinguisher of KgNB (A.9). */
export const ACCESS_TYPE = { '3gpp': 0x01, non3gpp: 0x02 } as const;

/** KgNB / KN3IWF (A.9): KDF(KAMF, 0x6E, uplink NAS COUNT (4 octets), access type distinguisher). */
export function kgnb(kamfValue: Uint8Array, uplinkNasCount: number, access: keyof typeof ACCESS_TYPE = '3gpp'): Buffer {
  const count = Buffer.alloc(4);
  count.writeUInt32BE(uplinkNasCount >>> 0);
  return kdf(kamfValue, 0x6e, count, Uint8Array.of(ACCESS_TYPE[access]));
}

/** SQN ⊕ AK, the first field of AUTN and the KAUSF input. */
export function concealSqn(sqn: Uint8Array, ak: Uint8Array): Buffer {
  return xor(sqn, ak);
}
