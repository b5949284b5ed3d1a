import {
  createECDH,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
} from 'node:crypto';
import { aes128Ctr } from './aes.ts';

/**
 * SUPI concealment with ECIES (TS 33.501 Annex C.3): Profile A (Curve25519, C.3.4.1) and
 * Profile B (secp256r1 with a compressed ephemeral key, C.3.4.2). Shared secret → ANSI X9.63 KDF
 * with SHA-256 (SharedInfo1 = the ephemeral public key as sent) → encryption key (16 octets),
 * ICB (16) and MAC key (32); AES-128-CTR over the scheme input; HMAC-SHA-256 tag of 8 octets.
 * Scheme output = ephemeral public key || ciphertext || MAC tag (C.3.2).
 */
export type EciesProfile = 'A' | 'B';

/** Protection scheme identifiers (TS 24.501 §9.11.3.4): null 0, Profile A 1, Profile B 2. */
export const PROTECTION_SCHEME = { null: 0, A: 1, B: 2 } as const;

const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');

function x25519(privateKey: Uint8Array, peer: Uint8Array): { shared: Buffer; publicKey: Buffer } {
  const priv = createPrivateKey({ key: Buffer.concat([X25519_PKCS8, privateKey]), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey({ key: Buffer.concat([X25519_SPKI, peer]), format: 'der', type: 'spki' });
  const shared = diffieHellman({ privateKey: priv, publicKey: pub });
  const own = createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI.length);
  return { shared, publicKey: Buffer.from(own) };
}

function p256(privateKey: Uint8Array, peer: Uint8Array): { shared: Buffer; publicKey: Buffer } {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateKey);
  return { shared: ecdh.computeSecret(peer), publicKey: ecdh.getPublicKey(null, 'compressed') };
}

function agree(profile: EciesProfile, privateKey: Uint8Array, peer: Uint8Array) {
  return profile === 'A' ? x25519(privateKey, peer) : p256(privateKey, peer);
}

/** ANSI X9.63 KDF with SHA-256: H(Z || counter32 || SharedInfo) for counter 1, 2, ... */
export function x963Kdf(z: Uint8Array, sharedInfo: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  for (let counter = 1; out.length * 32 < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    out.push(createHash('sha256').update(z).update(c).update(sharedInfo).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}

function keys(shared: Uint8Array, ephemeralPublic: Uint8Array) {
  const k = x963Kdf(shared, ephemeralPublic, 64);
  return { encKey: k.subarray(0, 16), icb: k.subarray(16, 32), macKey: k.subarray(32, 64) };
}

/** A fresh ephemeral private key for a profile (32 octets). */
export function ephemeralKey(profile: EciesProfile): Buffer {
  if (profile === 'B') {
    const e = createECDH('prime256v1');
    e.generateKeys();
    return e.getPrivateKey();
  }
  const { privateKey } = generateKeyPairSync('x25519');
  return Buffer.from(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(X25519_PKCS8.length));
}

/**
 * The UE side (C.3.2): conceals `schemeInput` (for an IMSI SUPI, the MSIN digits in BCD) under
 * the home network public key. `ephemeralPrivate` is fixed only for test vectors.
 */
export function conceal(
  profile: EciesProfile,
  homeNetworkPublic: Uint8Array,
  schemeInput: Uint8Array,
  ephemeralPrivate = ephemeralKey(profile),
): Buffer {
  const { shared, publicKey } = agree(profile, ephemeralPrivate, homeNetworkPublic);
  const { encKey, icb, macKey } = keys(shared, publicKey);
  const cipherText = aes128Ctr(encKey, icb, schemeInput);
  const tag = createHmac('sha256', macKey).update(cipherText).digest().subarray(0, 8);
  return Buffer.concat([publicKey, cipherText, tag]);
}

/** The home network side (C.3.3, the SIDF): checks the tag and returns the scheme input, or null. */
export function deconceal(
  profile: EciesProfile,
  homeNetworkPrivate: Uint8Array,
  schemeOutput: Uint8Array,
): Buffer | null {
  const keyLength = profile === 'A' ? 32 : 33;
  if (schemeOutput.length < keyLength + 8) return null;
  const ephemeralPublic = schemeOutput.subarray(0, keyLength);
  const cipherText = schemeOutput.subarray(keyLength, schemeOutput.length - 8);
  const tag = schemeOutput.subarray(schemeOutput.length - 8);
  let shared: Buffer;
  try {
    shared = agree(profile, homeNetworkPrivate, ephemeralPublic).shared;
  } catch {
    return null;
  }
  const { encKey, icb, macKey } = keys(shared, ephemeralPublic);
  const expected = createHmac('sha256', macKey).update(cipherText).digest().subarray(0, 8);
  if (!expected.equals(Buffer.from(tag))) return null;
  return aes128Ctr(encKey, icb, cipherText);
}

/** The public key of a home network private key: raw 32 octets (A) or a compressed point (B). */
export function homeNetworkPublicKey(profile: EciesProfile, privateKey: Uint8Array): Buffer {
  if (profile === 'B') {
    const e = createECDH('prime256v1');
    e.setPrivateKey(privateKey);
    return e.getPublicKey(null, 'compressed');
  }
  const priv = createPrivateKey({ key: Buffer.concat([X25519_PKCS8, privateKey]), format: 'der', type: 'pkcs8' });
  return Buffer.from(createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI.length));
}
