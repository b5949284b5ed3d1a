import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { decode, encode } from '../../../../harness/protocol/pfcp/index.ts';
import { fuzz, mulberry32, mutate } from '../../../helpers/fuzz.ts';
import { PFCP_SAMPLES } from '../../../helpers/pfcp-samples.ts';
import { message } from './arbitraries.ts';

/**
 * Mutation fuzzing (seeded, reproducible): bit flips, octet overwrites, truncations, extensions
 * and length-field corruption of valid PFCP encodings — the samples plus generated messages
 * covering every IE. Every input must decode or throw DecodeError.
 */
const seeds = [
  ...PFCP_SAMPLES.map((m) => encode(m)),
  ...fc.sample(message, { numRuns: 200, seed: 0x29244 }).map((m) => encode(m)),
];

test('150,000 mutated PFCP datagrams either decode or throw DecodeError', (t) => {
  const r = fuzz(seeds, decode, 150_000, 0x8805);
  t.deepEqual(r.failures, []);
  t.is(r.decoded + r.rejected, r.runs);
  t.true(r.rejected > 20_000 && r.decoded > 10_000, JSON.stringify({ ...r, failures: undefined }));
});

test('whatever decodes re-encodes, and decodes again to the same value', (t) => {
  const rnd = mulberry32(0x5eed5);
  const failures: string[] = [];
  let checked = 0;
  for (let i = 0; i < 30_000 && failures.length < 5; i++) {
    const input = mutate(seeds[i % seeds.length], rnd);
    let m;
    try {
      m = decode(input);
    } catch {
      continue;
    }
    checked++;
    try {
      const again = decode(encode(m));
      if (!isDeepStrictEqual(again, m)) failures.push(`differs after re-encoding: ${input.toString('hex')}`);
    } catch (e) {
      failures.push(`${e instanceof Error ? e.message : String(e)}: ${input.toString('hex')}`);
    }
  }
  t.deepEqual(failures, []);
  t.true(checked > 3_000, `${checked} decodable inputs`);
});
