import test from 'ava';
import { decodeRadius, encodeRadius } from '../../../../harness/protocol/radius/index.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { fuzz } from '../../../helpers/fuzz.ts';

const secret = 'v6harness-test-secret';
const accounting = () =>
  encodeRadius({
    code: 'Accounting-Request',
    identifier: 9,
    secret,
    attributes: [
      ['Acct-Status-Type', 'Start'],
      ['User-Name', '001010123456789'],
      ['Framed-IP-Address', '198.51.100.7'],
      ['Framed-IPv6-Prefix', '2001:db8:100:1::/64'],
      ['Delegated-IPv6-Prefix', '2001:db8:200::/56'],
      ['Framed-Interface-Id', '::1a2b:3c4d:5e6f:7081'],
      ['Framed-IPv6-Address', '2001:db8:100:1::5'],
      ['Acct-Session-Id', 'pgw-1'],
      [
        'Vendor-Specific',
        '3GPP',
        [
          ['3GPP-IMSI', '001010123456789'],
          ['3GPP-PDP-Type', 2],
        ],
      ],
    ],
  });

test('IPv6 attributes (RFC 3162, RFC 4818, RFC 6911) encode per RFC 3162 §2.3 and decode back', (t) => {
  const b = accounting();
  // Framed-IPv6-Prefix: type 97, length 2+2+8, reserved 0, prefix length 64, 8 prefix octets.
  t.true(b.includes(Buffer.from('610c004020010db801000001', 'hex')));
  const d = decodeRadius(b, secret);
  t.is(d.code, 'Accounting-Request');
  t.like(d.attributes, {
    'Framed-IPv6-Prefix': '2001:db8:100:1::/64',
    'Delegated-IPv6-Prefix': '2001:db8:200::/56',
    'Framed-Interface-Id': '::1a2b:3c4d:5e6f:7081',
    'Framed-IPv6-Address': '2001:db8:100:1::5',
    'Framed-IP-Address': '198.51.100.7',
  });
  t.deepEqual((d.attributes['Vendor-Specific'] as Record<string, unknown>)['3GPP-IMSI'], '001010123456789');
});

test('a wrong shared secret and malformed packets are DecodeErrors', (t) => {
  t.throws(() => decodeRadius(accounting(), 'wrong'), { instanceOf: DecodeError });
  t.throws(() => decodeRadius(Buffer.alloc(5), secret), { instanceOf: DecodeError, message: /at least 20/ });
  t.throws(
    () => encodeRadius({ code: 'Accounting-Request', secret, attributes: [['Framed-IPv6-Prefix', '2001:db8::/129']] }),
    { message: /not an IPv6 prefix/ },
  );
});

test('100,000 mutated RADIUS packets either decode or throw DecodeError', (t) => {
  const r = fuzz([accounting()], (b) => decodeRadius(b, secret), 100_000, 7);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 10_000);
});
