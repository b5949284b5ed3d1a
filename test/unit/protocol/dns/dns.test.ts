import test from 'ava';
import {
  decodeDns,
  encodeDns,
  extract,
  synthesize,
  WELL_KNOWN_PREFIX,
} from '../../../../harness/protocol/dns/index.ts';
import { DecodeError } from '../../../../harness/protocol/common/decode-error.ts';
import { fuzz } from '../../../helpers/fuzz.ts';

// RFC 6052 §2.4, the RFC's own table: 192.0.2.33 embedded under each prefix length.
const VECTORS: [string, string][] = [
  ['2001:db8::/32', '2001:db8:c000:221::'],
  ['2001:db8:100::/40', '2001:db8:1c0:2:21::'],
  ['2001:db8:122::/48', '2001:db8:122:c000:2:2100::'],
  ['2001:db8:122:300::/56', '2001:db8:122:3c0:0:221::'],
  ['2001:db8:122:344::/64', '2001:db8:122:344:c0:2:2100:0'],
  ['2001:db8:122:344::/96', '2001:db8:122:344::c000:221'],
];

test('RFC 6052 §2.4 test vectors: synthesis and extraction for /32 … /96', (t) => {
  for (const [prefix, expected] of VECTORS) {
    t.is(synthesize(prefix, '192.0.2.33'), expected, prefix);
    t.is(extract(prefix, expected), '192.0.2.33', prefix);
  }
  t.is(synthesize(WELL_KNOWN_PREFIX, '192.0.2.33'), '64:ff9b::c000:221');
  t.is(extract('2001:db8:122:344::/64', '2001:db8:122:344:ff00:2:2100:0'), undefined, 'u octet must be zero');
  t.is(extract('2001:db8::/32', '2001:db9::1'), undefined, 'outside the prefix');
  t.throws(() => synthesize('2001:db8::/33', '192.0.2.1'), { message: /\/32, \/40, \/48, \/56, \/64 or \/96/ });
});

test('DNS through dns-packet: an AAAA answer round-trips; garbage is a DecodeError', (t) => {
  const p = {
    type: 'response' as const,
    id: 7,
    flags: 0x8180,
    questions: [{ type: 'AAAA' as const, name: 'ipv4only.arpa', class: 'IN' as const }],
    answers: [
      { type: 'AAAA' as const, name: 'ipv4only.arpa', ttl: 60, class: 'IN' as const, data: '64:ff9b::c000:aa' },
    ],
  };
  const d = decodeDns(encodeDns(p));
  t.like(d.answers?.[0], { type: 'AAAA', name: 'ipv4only.arpa', data: '64:ff9b::c000:aa', ttl: 60 });
  t.throws(() => decodeDns(Buffer.from('00', 'hex')), { instanceOf: DecodeError });
  const r = fuzz([encodeDns(p)], decodeDns, 100_000, 6);
  t.deepEqual(r.failures, []);
  t.true(r.rejected > 1_000);
});
