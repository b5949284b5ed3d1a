import { aes128Ctr } from './aes.ts';
import { aesCmac } from './cmac.ts';

/**
 * 5G NAS/AS security algorithms (TS 33.501 Annex D): 128-NEA2 (AES-128-CTR, D.2.1 = TS 33.401
 * B.1.3) and 128-NIA2 (AES-CMAC, D.3.1 = TS 33.401 B.2.3), and the null algorithms NEA0/NIA0.
 * Inputs: COUNT (32 bits), BEARER (5 bits; 0..1 for NAS, TS 33.501 §6.4.3.1), DIRECTION (0
 * uplink, 1 downlink), LENGTH in bits.
 */
export interface AlgorithmInput {
  key: Uint8Array;
  count: number;
  bearer: number;
  direction: 0 | 1;
}

/** 5G-EA / 5G-IA identities (TS 24.501 §9.11.3.34): NEA0..3, NIA0..3. */
export type CipheringAlgorithm = 0 | 1 | 2 | 3;
export type IntegrityAlgorithm = 0 | 1 | 2 | 3;

/** COUNT || BEARER || DIRECTION || 0^26: the first 64 bits shared by NEA2's counter block and NIA2's message. */
function header(a: AlgorithmInput): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(a.count >>> 0, 0);
  h[4] = ((a.bearer & 0x1f) << 3) | ((a.direction & 1) << 2);
  return h;
}

/** 128-NEA2: the keystream of AES-CTR from T1 = COUNT || BEARER || DIRECTION || 0^26 || 0^64, XOR-ed over `bits` bits. */
export function nea2(a: AlgorithmInput, data: Uint8Array, bits = data.length * 8): Buffer {
  const icb = Buffer.concat([header(a), Buffer.alloc(8)]);
  const out = aes128Ctr(a.key, icb, data.subarray(0, Math.ceil(bits / 8)));
  const rest = bits & 7;
  if (rest) out[out.length - 1] &= (0xff << (8 - rest)) & 0xff;
  return out;
}

/** 128-NIA2: the 32 most significant bits of AES-CMAC over COUNT || BEARER || DIRECTION || 0^26 || MESSAGE. */
export function nia2(a: AlgorithmInput, message: Uint8Array, bits = message.length * 8): Buffer {
  const m = Buffer.concat([header(a), message.subarray(0, Math.ceil(bits / 8))]);
  return aesCmac(a.key, m, 64 + bits).subarray(0, 4);
}

/** NEA0 (D.1): the identity. */
export function nea0(_a: AlgorithmInput, data: Uint8Array): Buffer {
  return Buffer.from(data);
}

/** NIA0 (D.1): a MAC of 32 zero bits. */
export function nia0(): Buffer {
  return Buffer.alloc(4);
}

export function cipher(alg: CipheringAlgorithm, a: AlgorithmInput, data: Uint8Array): Buffer {
  if (alg === 0) return nea0(a, data);
  if (alg === 2) return nea2(a, data);
  throw new Error(`128-NEA${alg} is not implemented (NEA0 and NEA2 are)`);
}

export function mac(alg: IntegrityAlgorithm, a: AlgorithmInput, message: Uint8Array): Buffer {
  if (alg === 0) return nia0();
  if (alg === 2) return nia2(a, message);
  throw new Error(`128-NIA${alg} is not implemented (NIA0 and NIA2 are)`);
}
