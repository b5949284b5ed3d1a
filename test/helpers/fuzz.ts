import { isDeepStrictEqual } from 'node:util';
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

/**
 * Whatever a mutated seed decodes to must re-encode and decode again to the same value. Returns
 * the failures (with the input's hex) and how many inputs decoded.
 */
export function fuzzRoundTrip<T>(
  seeds: Buffer[],
  decode: (b: Buffer) => T,
  encode: (v: T) => Buffer,
  runs: number,
  seed: number,
): { checked: number; failures: string[] } {
  const rnd = mulberry32(seed);
  const failures: string[] = [];
  let checked = 0;
  for (let i = 0; i < runs && failures.length < 5; i++) {
    const input = mutate(seeds[i % seeds.length], rnd);
    let v: T;
    try {
      v = decode(input);
    } catch {
      continue;
    }
    checked++;
    try {
      if (!isDeepStrictEqual(decode(encode(v)), v))
        failures.push(`differs after re-encoding: ${input.toString('hex')}`);
    } catch (e) {
      failures.push(`${e instanceof Error ? e.message : String(e)}: ${input.toString('hex')}`);
    }
  }
  return { checked, failures };
}
