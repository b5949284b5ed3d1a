import { DecodeError } from '../../harness/protocol/common/decode-error.ts';
import { mulberry32, mutate } from '../../harness/fuzz/mutate.ts';

export { mulberry32, mutate };

/**
 * Mutation fuzzing for decoders: every mutated input must decode or throw DecodeError; anything
 * else is returned with the input's hex so the failure can be replayed.
 */
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
      else if (res.failures.length < 5)
        res.failures.push(
          `${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} for input ${input.toString('hex')}`,
        );
    }
  }
  return res;
}
