import test from 'ava';
import { decideType } from '../../../harness/elements/common/pdu-session-policy.ts';

/**
 * The AMF's own PDU session type decision (TS 24.501 §6.4.1.3, §6.4.1.4.1), every requested type
 * on every kind of DNN: the cause tells the UE which family is allowed.
 */
const v4v6 = { pdnTypes: 'ipv4v6', singleAddressBearersOnly: false, prefer: 'ipv6' } as const;
const single = { ...v4v6, singleAddressBearersOnly: true } as const;
const v4 = { ...v4v6, pdnTypes: 'ipv4' } as const;
const v6 = { ...v4v6, pdnTypes: 'ipv6' } as const;

test('IPv4v6 is granted whole on a dual-stack DNN, one family with #50/#51 elsewhere', (t) => {
  t.deepEqual(decideType(3, v4v6), { granted: 'ipv4v6' });
  t.deepEqual(decideType(3, v4), { granted: 'ipv4', cause: 50 });
  t.deepEqual(decideType(3, v6), { granted: 'ipv6', cause: 51 });
  t.deepEqual(decideType(3, single), { granted: 'ipv6', cause: 51 });
  t.deepEqual(decideType(3, { ...single, prefer: 'ipv4' }), { granted: 'ipv4', cause: 50 });
});

test('one family is granted where allowed and rejected naming the allowed one elsewhere; unknown types get #28', (t) => {
  t.deepEqual(decideType(1, v4v6), { granted: 'ipv4' });
  t.deepEqual(decideType(2, single), { granted: 'ipv6' });
  t.deepEqual(decideType(2, v4), { reject: 50 });
  t.deepEqual(decideType(1, v6), { reject: 51 });
  t.deepEqual(decideType(5, v4v6), { reject: 28 });
  t.deepEqual(decideType(undefined, v6), { granted: 'ipv6' });
});

test('a DNN allowing one type only: #57 for IPv4 or IPv6 alone where IPv4v6 only, #58 for every IP type where Unstructured only', (t) => {
  const dualOnly = { ...v4v6, sessionTypeOnly: 'ipv4v6' } as const;
  const unstructured = { ...v4v6, sessionTypeOnly: 'unstructured' } as const;
  t.deepEqual(decideType(3, dualOnly), { granted: 'ipv4v6' });
  t.deepEqual(decideType(undefined, dualOnly), { granted: 'ipv4v6' });
  t.deepEqual(decideType(1, dualOnly), { reject: 57 });
  t.deepEqual(decideType(2, dualOnly), { reject: 57 });
  for (const type of [1, 2, 3, undefined]) t.deepEqual(decideType(type, unstructured), { reject: 58 });
});
