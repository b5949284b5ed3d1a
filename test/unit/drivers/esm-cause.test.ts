import test from 'ava';
import { esmAnswer } from '../../../harness/drivers/mme/esm-cause.ts';

/** The GTP → ESM cause mapping of TS 29.274 Annex C / TS 24.301 §6.5.1.3-§6.5.1.4, case by case. */
test('accepted causes map to #50/#51/#52 or none', (t) => {
  t.deepEqual(esmAnswer('ipv4v6', 16, 'ipv4v6'), { kind: 'accepted', granted: 'ipv4v6' });
  t.deepEqual(esmAnswer('ipv4v6', 18, 'ipv4'), { kind: 'accepted', granted: 'ipv4', esmCause: 50 });
  t.deepEqual(esmAnswer('ipv4v6', 18, 'ipv6'), { kind: 'accepted', granted: 'ipv6', esmCause: 51 });
  t.deepEqual(esmAnswer('ipv4v6', 19, 'ipv6'), { kind: 'accepted', granted: 'ipv6', esmCause: 52 });
});

test('rejections map to the family that is allowed, or to the generic causes', (t) => {
  t.deepEqual(esmAnswer('ipv6', 83, undefined), { kind: 'rejected', esmCause: 50 });
  t.deepEqual(esmAnswer('ipv4', 83, undefined), { kind: 'rejected', esmCause: 51 });
  t.deepEqual(esmAnswer('ipv6', 78, undefined), { kind: 'rejected', esmCause: 27 });
  t.deepEqual(esmAnswer('ipv6', 84, undefined), { kind: 'rejected', esmCause: 26 });
  t.deepEqual(esmAnswer('ipv6', 100, undefined), { kind: 'rejected', esmCause: 30 });
  // Accepted without a PAA cannot be used: treated as rejected by the gateway.
  t.deepEqual(esmAnswer('ipv6', 16, undefined), { kind: 'rejected', esmCause: 30 });
});
