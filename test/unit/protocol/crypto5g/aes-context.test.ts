import { createCipheriv, randomBytes } from 'node:crypto';
import test from 'ava';
import { aes128Block, aes128CbcLastBlock, aes128Ctr } from '../../../../harness/protocol/crypto5g/index.ts';

// aes.ts runs the modes on @noble/ciphers' block function with keys expanded once per key
// Buffer; each call must equal what a fresh node:crypto cipher computes, whatever was computed
// with that key (or that Buffer) before.

const fresh = {
  block: (key: Buffer, block: Buffer) => {
    const c = createCipheriv('aes-128-ecb', key, null);
    c.setAutoPadding(false);
    return c.update(block);
  },
  cbcLast: (key: Buffer, blocks: Buffer) => {
    const c = createCipheriv('aes-128-cbc', key, Buffer.alloc(16));
    c.setAutoPadding(false);
    return c.update(blocks).subarray(blocks.length - 16);
  },
  ctr: (key: Buffer, icb: Buffer, data: Buffer) => {
    const c = createCipheriv('aes-128-ctr', key, icb);
    return Buffer.concat([c.update(data), c.final()]);
  },
};

test('CBC-MAC chains of one key, one after the other, each start from the zero IV', (t) => {
  const key = randomBytes(16);
  for (const blocks of [1, 3, 1, 7, 2, 2]) {
    const m = randomBytes(blocks * 16);
    t.deepEqual(aes128CbcLastBlock(key, m), fresh.cbcLast(key, m), `${blocks} blocks`);
  }
  t.throws(() => aes128CbcLastBlock(key, randomBytes(20)), { message: /not whole AES blocks/ });
  // A refused call leaves the chain as it was.
  const m = randomBytes(32);
  t.deepEqual(aes128CbcLastBlock(key, m), fresh.cbcLast(key, m));
});

test('CTR keystream from ECB counter blocks: the whole 128-bit counter carries, partial last block', (t) => {
  const key = randomBytes(16);
  const icbs = [
    Buffer.alloc(16),
    Buffer.from('000000000000000000000000fffffffe', 'hex'),
    Buffer.from('00000000ffffffffffffffffffffffff', 'hex'),
    Buffer.from('ffffffffffffffffffffffffffffffff', 'hex'),
  ];
  for (const icb of icbs)
    for (const len of [0, 1, 15, 16, 17, 95]) {
      const data = randomBytes(len);
      t.deepEqual(aes128Ctr(key, icb, data), fresh.ctr(key, icb, data), `${icb.toString('hex')} ${len} octets`);
    }
});

test('a key Buffer overwritten in place is expanded again, not served from the kept expansion', (t) => {
  const key = randomBytes(16);
  const block = randomBytes(16);
  const data = randomBytes(40);
  const icb = randomBytes(16);
  t.deepEqual(aes128Block(key, block), fresh.block(key, block));
  t.deepEqual(aes128Ctr(key, icb, data), fresh.ctr(key, icb, data));
  key[15] ^= 1;
  t.deepEqual(aes128Block(key, block), fresh.block(key, block));
  t.deepEqual(aes128Ctr(key, icb, data), fresh.ctr(key, icb, data));
  randomBytes(16).copy(key);
  t.deepEqual(aes128CbcLastBlock(key, data.subarray(0, 32)), fresh.cbcLast(key, data.subarray(0, 32)));
});

test('ECB blocks and CBC chains stay right over many keys, each used again later', (t) => {
  const keys = Array.from({ length: 600 }, () => randomBytes(16));
  const block = randomBytes(16);
  for (let round = 0; round < 2; round++)
    for (const key of keys) {
      if (!aes128Block(key, block).equals(fresh.block(key, block))) return t.fail(`key ${key.toString('hex')}`);
      const m = randomBytes(48);
      if (!aes128CbcLastBlock(key, m).equals(fresh.cbcLast(key, m))) return t.fail(`CBC, key ${key.toString('hex')}`);
    }
  t.throws(() => aes128Block(keys[0], randomBytes(15)), { message: /a block of 15 octets/ });
});
