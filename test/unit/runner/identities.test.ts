import test from 'ava';
import { noteIdentity } from '../../../harness/drivers/common/identities.ts';
import { createMasker, maskDeep } from '../../../harness/runner/identities.ts';

test('noted identities and IMSI/IMEI-length digit runs are masked with a keyed hash', (t) => {
  noteIdentity('msisdn', '819012345678');
  const mask = createMasker(Buffer.from('k1'));
  const out = mask('MSISDN 819012345678, IMEI 35693803564380, IMSI 440101234567890, TEID 4294967295, 2001:db8::1');
  t.regex(out, /^MSISDN msisdn:[0-9a-f]{10}, IMEI id:[0-9a-f]{10}, IMSI id:[0-9a-f]{10}, TEID 4294967295, 2001:db8::1$/);
  // Stable for one key (runs correlate), different for another.
  t.is(mask('440101234567890'), mask('440101234567890'));
  t.not(createMasker(Buffer.from('k2'))('440101234567890'), mask('440101234567890'));
});

test('maskDeep rewrites every string of a result, keys included, and leaves numbers alone', (t) => {
  const mask = createMasker(Buffer.from('k'));
  const r = maskDeep({ checks: [{ name: 'x', expected: '440101234567890', observed: 16 }], facts: { '440101234567890': 'y' } }, mask);
  t.regex(r.checks[0].expected, /^id:/);
  t.is(r.checks[0].observed, 16);
  t.regex(Object.keys(r.facts)[0], /^id:/);
});
