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

test('masking costs the same with 200,000 identities noted as with 10, and the registry stays bounded', (t) => {
  const mask = createMasker(Buffer.from('k'));
  const text = 'session 001010000150000 ok, teid 4294967295, msisdn 819012345678, '.repeat(200);
  /** The cheapest of several timings of 20 masks: the least disturbed by whatever else runs. */
  const cost = () => {
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) mask(text);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  for (let i = 0; i < 10; i++) noteIdentity('imsi', `00101${String(9_000_000_000 + i)}`);
  t.true(knownIdentityCount() <= 20);
  mask(text); // warm up (regular expressions, HMAC)
  const few = cost();
  for (let i = 0; i < MAX_KNOWN + 1000; i++) noteIdentity('imsi', `00101${String(i).padStart(10, '0')}`);
  t.is(knownIdentityCount(), MAX_KNOWN);
  const many = cost();
  t.regex(mask('001010000150000'), /^imsi:/);
  // The oldest were dropped; a dropped IMSI is still masked by its length.
  t.regex(mask('001010000000000'), /^id:/);
  // Lookups by digit run, not a scan of what is known: the cost must not grow with the registry.
  t.log(
    `20 masks of ${text.length} characters: ${few.toFixed(2)} ms with 10 noted, ${many.toFixed(2)} ms with ${MAX_KNOWN}`,
  );
  t.true(many < 3 * few, `${many.toFixed(2)} ms with ${MAX_KNOWN} noted vs ${few.toFixed(2)} ms with 10`);
});
