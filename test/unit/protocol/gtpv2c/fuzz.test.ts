import test from 'ava';
import { decode, encode } from '../../../../harness/protocol/gtpv2c/index.ts';
import { GTPV2C_SAMPLES } from '../../../helpers/gtpv2c-samples.ts';
import { fuzz } from '../../../helpers/fuzz.ts';

test('100,000 mutated GTPv2-C messages either decode or throw DecodeError', (t) => {
  const r = fuzz(GTPV2C_SAMPLES.map(encode), decode, 100_000);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000, `rejected ${r.rejected}`);
  t.true(r.decoded > 1_000, `decoded ${r.decoded}`);
});
