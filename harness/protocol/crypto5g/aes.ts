import { type Cipher, createCipheriv } from 'node:crypto';

/**
 * AES-128 with one keyed context per key: node:crypto's createCipheriv costs a few microseconds
 * (key schedule, a native object), and Milenage, every NIA2 MAC and every NEA2 keystream used to
 * make one or two per call. A context keeps an ECB cipher (stateless between whole blocks: each
 * update() is a fresh E_K of each block) and a CBC cipher that is never finalized: its chaining
 * value after a message is the last ciphertext block, which we keep, and the next message's
 * first block is XOR-ed with it, so that the chain starts from the zero IV again. Contexts are
 * kept for the most recently used keys (a UE's KNASint/KNASenc, a subscriber's K), the oldest
 * dropped first, so a run through millions of UEs holds a bounded number.
 */
interface AesContext {
  ecb: Cipher;
  cbc: Cipher | undefined;
  /** The CBC cipher's chaining value: the last ciphertext block it produced (zero at first). */
  chain: Buffer;
  /** AES-CMAC's subkeys K1, K2 (RFC 4493 §2.3), derived on first use. */
  cmacSubkeys: [Buffer, Buffer] | undefined;
}

const KEPT = 512;
const contexts = new Map<string, AesContext>();

/** The context of `key` (16 octets), created on first use. */
export function aesContext(key: Uint8Array): AesContext {
  if (key.length !== 16) throw new RangeError(`AES-128: a key of ${key.length} octets, not 16`);
  const id = Buffer.from(key.buffer, key.byteOffset, 16).toString('latin1');
  let c = contexts.get(id);
  if (c) return c;
  const ecb = createCipheriv('aes-128-ecb', key, null);
  ecb.setAutoPadding(false);
  c = { ecb, cbc: undefined, chain: Buffer.alloc(16), cmacSubkeys: undefined };
  if (contexts.size >= KEPT) contexts.delete(contexts.keys().next().value as string);
  contexts.set(id, c);
  return c;
}

function wholeBlocks(what: string, data: Uint8Array): void {
  if (data.length % 16 !== 0) throw new RangeError(`${what}: ${data.length} octets are not whole AES blocks`);
}

/** One AES-128 block encryption (ECB of a single block): the primitive of Milenage and CMAC. */
export function aes128Block(key: Uint8Array, block: Uint8Array): Buffer {
  if (block.length !== 16) throw new RangeError(`AES-128: a block of ${block.length} octets, not 16`);
  return aesContext(key).ecb.update(block);
}

/** AES-128 of each of several whole blocks (ECB), in one pass. */
export function aes128Blocks(key: Uint8Array, blocks: Uint8Array): Buffer {
  wholeBlocks('AES-128-ECB', blocks);
  return aesContext(key).ecb.update(blocks);
}

/** The last block of AES-128-CBC with a zero IV over whole blocks: the CBC-MAC chain CMAC ends with. */
export function aes128CbcLastBlock(key: Uint8Array, blocks: Uint8Array): Buffer {
  wholeBlocks('AES-128-CBC', blocks);
  if (blocks.length === 0) throw new RangeError('AES-128-CBC: no block');
  const c = aesContext(key);
  if (!c.cbc) {
    c.cbc = createCipheriv('aes-128-cbc', key, c.chain);
    c.cbc.setAutoPadding(false);
  }
  // The cipher chains from its last output: cancel that out of the first block (zero IV).
  const input = Buffer.allocUnsafe(blocks.length);
  input.set(blocks);
  for (let i = 0; i < 16; i++) input[i] ^= c.chain[i];
  const out = c.cbc.update(input);
  const last = out.subarray(out.length - 16);
  c.chain.set(last);
  return last;
}

/** AES-128 in counter mode from an initial counter block (the whole block counts, big-endian). */
export function aes128Ctr(key: Uint8Array, icb: Uint8Array, data: Uint8Array): Buffer {
  if (icb.length !== 16) throw new RangeError(`AES-128-CTR: an initial counter block of ${icb.length} octets`);
  const n = Math.ceil(data.length / 16);
  if (n === 0) return Buffer.alloc(0);
  // The counter blocks T1..Tn, encrypted in one ECB pass: the keystream.
  const counters = Buffer.allocUnsafe(n * 16);
  counters.set(icb);
  for (let b = 1; b < n; b++) {
    const at = b * 16;
    counters.copyWithin(at, at - 16, at);
    for (let i = at + 15; i >= at; i--) {
      counters[i] = (counters[i] + 1) & 0xff;
      if (counters[i] !== 0) break;
    }
  }
  const out = aesContext(key).ecb.update(counters);
  for (let i = 0; i < data.length; i++) out[i] ^= data[i];
  return out.subarray(0, data.length);
}

export function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}
