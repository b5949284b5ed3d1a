import test from 'ava';
import {
  decodeNgap,
  decodeTransfer,
  encodeNgap,
  encodeTransfer,
  pduSessionResourceSetupRequestTransfer,
  pduSessionResourceSetupResponseTransfer,
} from '../../../../harness/protocol/ngap/index.ts';
import { fuzz, fuzzRoundTrip } from '../../../helpers/fuzz.ts';
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
  const pdus = fuzzRoundTrip(seeds, decodeNgap, (m) => encodeNgap(m), 30_000, 0x60);
  t.deepEqual(pdus.failures, []);
  t.true(pdus.checked > 2_000, `${pdus.checked} decodable inputs`);
  const codec = pduSessionResourceSetupRequestTransfer;
  const tr = fuzzRoundTrip(
    transfers,
    (b) => decodeTransfer(codec, b),
    (v) => encodeTransfer(codec, v),
    10_000,
    0x61,
  );
  t.deepEqual(tr.failures, []);
  t.true(tr.checked > 500, `${tr.checked} decodable transfers`);
});
