import test from 'ava';
import { isDeepStrictEqual } from 'node:util';
import {
  decodeNgap,
  decodeTransfer,
  encodeNgap,
  encodeTransfer,
  pduSessionResourceSetupRequestTransfer,
  pduSessionResourceSetupResponseTransfer,
} from '../../../../harness/protocol/ngap/index.ts';
import { fuzz, mulberry32, mutate } from '../../../helpers/fuzz.ts';
import {
  DL_TRANSFER_V4,
  DL_TRANSFER_V6,
  NGAP_SAMPLES,
  UL_TRANSFER_DUAL,
  UL_TRANSFER_V6,
} from '../../../helpers/ngap-samples.ts';

/**
 * Mutation fuzzing (seeded, reproducible) of the NGAP decoder and the transfer decoders: bit
 * flips, octet overwrites, truncations, extensions and length corruption of valid encodings.
 * Every input decodes or throws DecodeError, never anything else, and in bounded time (lengths
 * are checked against the octets left before any loop or allocation).
 */
const seeds = NGAP_SAMPLES.map((m) => encodeNgap(m));
const transfers = [UL_TRANSFER_DUAL, UL_TRANSFER_V6];

test('60,000 mutated NGAP-PDUs either decode or throw DecodeError', (t) => {
  const r = fuzz(seeds, decodeNgap, 60_000, 0x38413);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000 && r.decoded > 2_500, JSON.stringify({ ...r, failures: undefined }));
});

test('40,000 mutated transfers either decode or throw DecodeError', (t) => {
  const ul = fuzz(transfers, (b) => decodeTransfer(pduSessionResourceSetupRequestTransfer, b), 20_000, 1);
  const dl = fuzz(
    [DL_TRANSFER_V4, DL_TRANSFER_V6],
    (b) => decodeTransfer(pduSessionResourceSetupResponseTransfer, b),
    20_000,
    2,
  );
  t.deepEqual([...ul.failures, ...dl.failures], []);
  t.true(ul.decoded > 1_000 && dl.decoded > 1_000, `${ul.decoded} ${dl.decoded}`);
});

test('whatever decodes re-encodes, and decodes again to the same value', (t) => {
  const rnd = mulberry32(0x60);
  const failures: string[] = [];
  let checked = 0;
  for (let i = 0; i < 30_000 && failures.length < 5; i++) {
    const input = mutate(seeds[i % seeds.length], rnd);
    let m;
    try {
      m = decodeNgap(input);
    } catch {
      continue;
    }
    checked++;
    try {
      const again = decodeNgap(encodeNgap(m));
      if (!isDeepStrictEqual(again, m)) failures.push(`differs after re-encoding: ${input.toString('hex')}`);
    } catch (e) {
      failures.push(`${e instanceof Error ? e.message : String(e)}: ${input.toString('hex')}`);
    }
  }
  t.deepEqual(failures, []);
  t.true(checked > 2_000, `${checked} decodable inputs`);
  // Transfers too.
  let tchecked = 0;
  for (let i = 0; i < 10_000; i++) {
    const input = mutate(transfers[i % 2], rnd);
    let v;
    try {
      v = decodeTransfer(pduSessionResourceSetupRequestTransfer, input);
    } catch {
      continue;
    }
    tchecked++;
    const again = decodeTransfer(
      pduSessionResourceSetupRequestTransfer,
      encodeTransfer(pduSessionResourceSetupRequestTransfer, v),
    );
    if (!isDeepStrictEqual(again, v)) failures.push(`transfer differs: ${input.toString('hex')}`);
  }
  t.deepEqual(failures, []);
  t.true(tchecked > 500, `${tchecked} decodable transfers`);
});
