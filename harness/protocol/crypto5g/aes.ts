import { createCipheriv } from 'node:crypto';

/** One AES-128 block encryption (ECB of a single block): the primitive of Milenage and CMAC. */
export function aes128Block(key: Uint8Array, block: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-ecb', key, null);
  c.setAutoPadding(false);
  return c.update(block);
}

const ZERO_IV = Buffer.alloc(16);

/** The last block of AES-128-CBC with a zero IV over whole blocks: the CBC-MAC chain CMAC ends with. */
export function aes128CbcLastBlock(key: Uint8Array, blocks: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-cbc', key, ZERO_IV);
  c.setAutoPadding(false);
  const out = c.update(blocks);
  return out.subarray(out.length - 16);
}

/** AES-128 in counter mode from an initial counter block (the whole block counts, big-endian). */
export function aes128Ctr(key: Uint8Array, icb: Uint8Array, data: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-ctr', key, icb);
  return Buffer.concat([c.update(data), c.final()]);
}

export function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}
