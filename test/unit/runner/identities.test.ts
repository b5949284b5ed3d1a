import test from 'ava';
import { MAX_KNOWN, knownIdentityCount, noteIdentity } from '../../../harness/drivers/common/identities.ts';
import { createMasker, maskDeep } from '../../../harness/runner/identities.ts';

test('noted identities and IMSI/IMEI-length digit runs are masked with a keyed hash', (t) => {
  noteIdentity('msisdn', '819012345678');
  const mask = createMasker(Buffer.from('k1'));
  const out = mask('MSISDN 819012345678, IMEI 35693803564380, IMSI 440101234567890, TEID 4294967295, 2001:db8::1');
  t.regex(
    out,
    /^MSISDN msisdn:[0-9a-f]{10}, IMEI id:[0-9a-f]{10}, IMSI id:[0-9a-f]{10}, TEID 4294967295, 2001:db8::1$/,
  );
  // Stable for one key (runs correlate), different for another.
  t.is(mask('440101234567890'), mask('440101234567890'));
  t.not(createMasker(Buffer.from('k2'))('440101234567890'), mask('440101234567890'));
});

test('maskDeep rewrites every string of a result, keys included, and leaves numbers alone', (t) => {
  const mask = createMasker(Buffer.from('k'));
  const r = maskDeep(
    { checks: [{ name: 'x', expected: '440101234567890', observed: 16 }], facts: { '440101234567890': 'y' } },
    mask,
  );
  t.regex(r.checks[0].expected, /^id:/);
  t.is(r.checks[0].observed, 16);
  t.regex(Object.keys(r.facts)[0], /^id:/);
});

test('an identity is masked wherever it stands, inside a longer digit run or glued to letters', (t) => {
  noteIdentity('imsi', '001010000077001');
  noteIdentity('msisdn', '8190077001');
  const mask = createMasker(Buffer.from('k'));
  t.regex(mask('imsi001010000077001 x'), /^imsiimsi:[0-9a-f]{10} x$/);
  t.regex(mask('calling 08190077001'), /^calling 0msisdn:[0-9a-f]{10}$/);
  // A run as long as an IMSI but glued to hex is left alone; a known one inside it is not.
  t.is(mask('deadbeef123456789012345'), 'deadbeef123456789012345');
});

test('masking costs the same with 200,000 identities noted, and the registry stays bounded', (t) => {
  const before = knownIdentityCount();
  for (let i = 0; i < MAX_KNOWN + 1000; i++) noteIdentity('imsi', `00101${String(i).padStart(10, '0')}`);
  t.is(knownIdentityCount(), MAX_KNOWN);
  t.true(before <= MAX_KNOWN);
  const mask = createMasker(Buffer.from('k'));
  const text = 'session 001010000150000 ok, teid 4294967295, '.repeat(200);
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) mask(text);
  const ms = performance.now() - t0;
  t.regex(mask('001010000150000'), /^imsi:/);
  // The oldest were dropped; a dropped IMSI is still masked by its length.
  t.regex(mask('001010000000000'), /^id:/);
  t.log(`100 masks of ${text.length} characters: ${ms.toFixed(1)} ms`);
});
