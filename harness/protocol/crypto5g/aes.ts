import { unsafe } from '@noble/ciphers/aes.js';

/**
 * AES-128 for Milenage (TS 35.206), 128-NEA2/NIA2 (TS 33.501 Annex D) and SUCI (Annex C.3): the
 * key schedule and block function of @noble/ciphers (audited, pure JS; its low-level `unsafe`
 * exports, so the version is pinned exactly and test/unit/protocol/crypto5g/aes-context.test.ts
 * checks every mode against node:crypto), the modes here. Every UE brings new keys (K,
 * KNASint, KNASenc) and NAS messages are a few blocks long: node:crypto made a native cipher
 * object per key and crossed into C++ with an allocation for each one to six blocks, about 25 µs
 * CPU per protected or verified message with a new key, a third of it garbage collection. Here a
 * key is expanded once (about 1 µs; the most recent ones kept) and a block costs a fraction of a
 * microsecond.
 */
interface ExpandedKey {
  readonly xk: Uint32Array;
  /** AES-CMAC's subkeys K1, K2 (RFC 4493 §2.3), derived on first use. */
  cmacSubkeys: [Buffer, Buffer] | undefined;
}

/**
 * Expanded keys by key octets (a 16-character latin1 string), the oldest dropped first: callers
 * hand the same key in new Buffers (a UE's NAS security context keeps its keys as a string and
 * makes Buffers per message, to hold little per UE), so the octets are the identity. Enough for
 * the K, KNASint and KNASenc of the hundreds of UEs a gNB driver or an AMF has mid-procedure.
 */
const KEPT = 1024;
const expanded = new Map<string, ExpandedKey>();

/** The expanded key of `key` (16 octets), made on first use. */
export function aesKey(key: Uint8Array): ExpandedKey {
  if (key.length !== 16) throw new RangeError(`AES-128: a key of ${key.length} octets, not 16`);
  const id = Buffer.from(key.buffer, key.byteOffset, 16).toString('latin1');
  let k = expanded.get(id);
  if (k) return k;
  k = { xk: unsafe.expandKeyLE(Uint8Array.from(key)), cmacSubkeys: undefined };
  if (expanded.size >= KEPT) expanded.delete(expanded.keys().next().value as string);
  expanded.set(id, k);
  return k;
}

/** A little-endian 32-bit word of `b` at `i` (the block function's word order). */
const word = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);

function putWord(b: Uint8Array, i: number, w: number): void {
  b[i] = w;
  b[i + 1] = w >>> 8;
  b[i + 2] = w >>> 16;
  b[i + 3] = w >>> 24;
}

/** E_K of the block at src[from, from + 16), written to dst[to, to + 16) (may be the same place). */
function encryptAt(xk: Uint32Array, src: Uint8Array, from: number, dst: Uint8Array, to: number): void {
  const r = unsafe.encrypt(xk, word(src, from), word(src, from + 4), word(src, from + 8), word(src, from + 12));
  putWord(dst, to, r.s0);
  putWord(dst, to + 4, r.s1);
  putWord(dst, to + 8, r.s2);
  putWord(dst, to + 12, r.s3);
}

function wholeBlocks(what: string, data: Uint8Array): void {
  if (data.length % 16 !== 0) throw new RangeError(`${what}: ${data.length} octets are not whole AES blocks`);
}

/** One AES-128 block encryption (ECB of a single block): the primitive of Milenage and CMAC. */
export function aes128Block(key: Uint8Array, block: Uint8Array): Buffer {
  const { xk } = aesKey(key);
  if (block.length !== 16) throw new RangeError(`AES-128: a block of ${block.length} octets, not 16`);
  const out = Buffer.allocUnsafe(16);
  encryptAt(xk, block, 0, out, 0);
  return out;
}

/** AES-128 of each of several whole blocks (ECB). */
export function aes128Blocks(key: Uint8Array, blocks: Uint8Array): Buffer {
  const { xk } = aesKey(key);
  wholeBlocks('AES-128-ECB', blocks);
  const out = Buffer.allocUnsafe(blocks.length);
  for (let at = 0; at < blocks.length; at += 16) encryptAt(xk, blocks, at, out, at);
  return out;
}

/** The last block of AES-128-CBC with a zero IV over whole blocks: the CBC-MAC chain CMAC ends with. */
export function aes128CbcLastBlock(key: Uint8Array, blocks: Uint8Array): Buffer {
  const { xk } = aesKey(key);
  wholeBlocks('AES-128-CBC', blocks);
  if (blocks.length === 0) throw new RangeError('AES-128-CBC: no block');
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let at = 0; at < blocks.length; at += 16) {
    const r = unsafe.encrypt(
      xk,
      s0 ^ word(blocks, at),
      s1 ^ word(blocks, at + 4),
      s2 ^ word(blocks, at + 8),
      s3 ^ word(blocks, at + 12),
    );
    s0 = r.s0;
    s1 = r.s1;
    s2 = r.s2;
    s3 = r.s3;
  }
  const out = Buffer.allocUnsafe(16);
  putWord(out, 0, s0);
  putWord(out, 4, s1);
  putWord(out, 8, s2);
  putWord(out, 12, s3);
  return out;
}

/** AES-128 in counter mode from an initial counter block (the whole block counts, big-endian). */
export function aes128Ctr(key: Uint8Array, icb: Uint8Array, data: Uint8Array): Buffer {
  const { xk } = aesKey(key);
  if (icb.length !== 16) throw new RangeError(`AES-128-CTR: an initial counter block of ${icb.length} octets`);
  const out = Buffer.allocUnsafe(data.length);
  if (data.length === 0) return out;
  const counter = Uint8Array.from(icb);
  const stream = new Uint8Array(16);
  for (let at = 0; at < data.length; at += 16) {
    encryptAt(xk, counter, 0, stream, 0);
    const n = Math.min(16, data.length - at);
    for (let i = 0; i < n; i++) out[at + i] = data[at + i] ^ stream[i];
    for (let i = 15; i >= 0; i--) {
      counter[i] = (counter[i] + 1) & 0xff;
      if (counter[i] !== 0) break;
    }
  }
  return out;
}

export function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}
