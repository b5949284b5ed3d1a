import test from 'ava';
import { choosePdnType } from '../../../harness/drivers/mme/subscribed-pdn-type.ts';

/** TS 23.401 §5.3.1.1: the MME's PDN type from the UE's request and the subscribed PDN type (TS 29.272 §7.3.62). */
test('a dual-stack request follows the subscription, with #50/#51/#52 where it narrows', (t) => {
  t.deepEqual(choosePdnType('ipv4v6', 'ipv4v6'), { kind: 'request', pdnType: 'ipv4v6', daf: true });
  t.deepEqual(choosePdnType('ipv4v6', 'ipv4'), { kind: 'request', pdnType: 'ipv4', daf: false, esmCause: 50 });
  t.deepEqual(choosePdnType('ipv4v6', 'ipv6'), { kind: 'request', pdnType: 'ipv6', daf: false, esmCause: 51 });
  t.deepEqual(choosePdnType('ipv4v6', 'ipv4-or-ipv6'), { kind: 'request', pdnType: 'ipv6', daf: false, esmCause: 52 });
  t.deepEqual(choosePdnType('ipv4v6', 'ipv4-or-ipv6', 'ipv4'), {
    kind: 'request',
    pdnType: 'ipv4',
    daf: false,
    esmCause: 52,
  });
});

test('a single-family request goes through where subscribed and is rejected where not', (t) => {
  t.deepEqual(choosePdnType('ipv6', 'ipv4v6'), { kind: 'request', pdnType: 'ipv6', daf: false });
  t.deepEqual(choosePdnType('ipv4', 'ipv4-or-ipv6'), { kind: 'request', pdnType: 'ipv4', daf: false });
  t.deepEqual(choosePdnType('ipv6', 'ipv6'), { kind: 'request', pdnType: 'ipv6', daf: false });
  t.deepEqual(choosePdnType('ipv6', 'ipv4'), { kind: 'reject', esmCause: 50 });
  t.deepEqual(choosePdnType('ipv4', 'ipv6'), { kind: 'reject', esmCause: 51 });
});
