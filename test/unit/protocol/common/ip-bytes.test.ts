import test from 'ava';
import fc from 'fast-check';
import { Address6 } from 'ip-address';
import { formatIpv6, parseIpv4Into, parseIpv6Into } from '../../../../harness/protocol/common/ip-bytes.ts';

// The hand-written fast path must agree with the ip-address library (RFC 5952 canonical text).
const withZeroRuns = fc
  .tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }))
  .map(([b, z]) => {
    z.forEach((zero, g) => zero && (b[2 * g] = b[2 * g + 1] = 0));
    return b;
  });

test('formatIpv6 equals ip-address correctForm, and parseIpv6Into inverts it', (t) => {
  fc.assert(
    fc.property(withZeroRuns, (b) => {
      const text = formatIpv6(b);
      t.is(text, Address6.fromUnsignedByteArray(Array.from(b)).correctForm());
      const back = new Uint8Array(16);
      t.true(parseIpv6Into(text, back, 0));
      t.deepEqual(back, b);
      // Any valid long form parses to the same octets.
      t.true(parseIpv6Into(new Address6(text).canonicalForm(), back, 0));
      t.deepEqual(back, b);
    }),
    { numRuns: 20000 },
  );
});

test('invalid text is refused', (t) => {
  const out = new Uint8Array(16);
  for (const s of [
    '',
    ':',
    ':1',
    '1:',
    '1::2::3',
    '12345::',
    'g::',
    '1:2:3:4:5:6:7:8:9',
    '::1:2:3:4:5:6:7:8',
    '1.2.3.4',
    '::1.2.3',
  ])
    t.false(parseIpv6Into(s, out, 0), s);
  t.true(parseIpv6Into('64:ff9b::192.0.2.33', out, 0));
  t.is(formatIpv6(out), '64:ff9b::c000:221');
  for (const s of ['1.2.3', '256.1.1.1', '1.2.3.4.5', '01234.1.1.1', 'a.b.c.d', ''])
    t.false(parseIpv4Into(s, new Uint8Array(4), 0), s);
});
