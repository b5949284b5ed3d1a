import { DecodeError } from '../../harness/protocol/common/decode-error.ts';

/**
 * Mutation fuzzing for decoders: seeded (reproducible) bit flips, octet overwrites, truncations,
 * extensions and length-field corruption of valid encodings. Every input must decode or throw
 * DecodeError; anything else is returned with the input's hex so the failure can be replayed.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mutate(src: Buffer, rnd: () => number): Buffer {
  const pick = (n: number) => Math.floor(rnd() * n);
  const b = Buffer.from(src);
  switch (pick(6)) {
    case 0: {
      for (let i = 0, n = 1 + pick(4); i < n && b.length; i++) b[pick(b.length)] ^= 1 << pick(8);
      return b;
    }
    case 1: {
      for (let i = 0, n = 1 + pick(4); i < n && b.length; i++) b[pick(b.length)] = pick(256);
      return b;
    }
    case 2:
      return b.subarray(0, pick(b.length + 1));
    case 3:
      return Buffer.concat([b, Buffer.from(Array.from({ length: 1 + pick(32) }, () => pick(256)))]);
    case 4: {
      // Corrupt what is likely a length field: a 16-bit word set to a small, large or off-by-one value.
      if (b.length < 2) return b;
      const at = pick(b.length - 1);
      const v = [0, 1, 0xffff, b.readUInt16BE(at) + 1, b.readUInt16BE(at) - 1, pick(0x10000)][pick(6)] & 0xffff;
      b.writeUInt16BE(v, at);
      return b;
    }
    default:
      return Buffer.from(Array.from({ length: pick(64) }, () => pick(256)));
  }
}

export interface FuzzResult {
  runs: number;
  decoded: number;
  rejected: number;
  failures: string[];
}

export function fuzz(seeds: Buffer[], decode: (b: Buffer) => unknown, runs: number, seed = 0x5eed): FuzzResult {
  const rnd = mulberry32(seed);
  const res: FuzzResult = { runs, decoded: 0, rejected: 0, failures: [] };
  for (let i = 0; i < runs; i++) {
    const input = mutate(seeds[i % seeds.length], rnd);
    try {
      decode(input);
      res.decoded++;
    } catch (e) {
      if (e instanceof DecodeError) res.rejected++;
      else if (res.failures.length < 5) res.failures.push(`${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} for input ${input.toString('hex')}`);
    }
  }
  return res;
}
