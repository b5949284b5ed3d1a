import { aes128Block, aes128CbcLastBlock, aesKey } from './aes.ts';

/**
 * AES-CMAC (RFC 4493, NIST SP 800-38B) over a bit string of `bits` bits (128-NIA2 and
 * 128-EIA2 MAC messages whose length is not a whole number of octets): subkeys K1/K2 from
 * E_K(0^128), the last block XOR-ed with K1 when complete, padded 10* and XOR-ed with K2 when not.
 */
function double(b: Buffer): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[i] = ((b[i] << 1) | (i < 15 ? b[i + 1] >> 7 : 0)) & 0xff;
  if (b[0] & 0x80) out[15] ^= 0x87;
  return out;
}

/** K1 and K2 (RFC 4493 §2.3) from L = E_K(0^128), once per key (kept with its AES context). */
function subkeys(key: Uint8Array): [Buffer, Buffer] {
  const c = aesKey(key);
  if (!c.cmacSubkeys) {
    const k1 = double(aes128Block(key, Buffer.alloc(16)));
    c.cmacSubkeys = [k1, double(k1)];
  }
  return c.cmacSubkeys;
}

export function aesCmac(key: Uint8Array, message: Uint8Array, bits = message.length * 8): Buffer {
  if (bits > message.length * 8) throw new RangeError(`CMAC: ${bits} bits do not fit ${message.length} octets`);
  const [k1, k2] = subkeys(key);
  const n = Math.max(1, Math.ceil(bits / 128));
  const complete = bits > 0 && bits % 128 === 0;
  // The CBC-MAC chain over every block, the last one prepared below: one AES-CBC pass (zero IV)
  // instead of a cipher per block; the tag is the last ciphertext block.
  const chain = Buffer.alloc(n * 16);
  const from = (n - 1) * 16;
  const lastBits = bits - from * 8;
  chain.set(message.subarray(0, from + Math.ceil(lastBits / 8)));
  const last = chain.subarray(from);
  if (complete) {
    for (let j = 0; j < 16; j++) last[j] ^= k1[j];
  } else {
    // Clear bits beyond the message, then append the single 1 bit (padding 10*).
    const whole = lastBits >> 3;
    const rest = lastBits & 7;
    if (rest) last[whole] &= (0xff << (8 - rest)) & 0xff;
    for (let j = whole + (rest ? 1 : 0); j < 16; j++) last[j] = 0;
    last[whole] |= 0x80 >> rest;
    for (let j = 0; j < 16; j++) last[j] ^= k2[j];
  }
  return aes128CbcLastBlock(key, chain);
}
