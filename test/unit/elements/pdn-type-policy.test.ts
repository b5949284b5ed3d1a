import test from 'ava';
import { decidePdnType } from '../../../harness/elements/pgw/pdn-type-policy.ts';

test('IPv4v6 on a dual-stack APN: granted with DAF, single family with cause 19 without', (t) => {
  t.deepEqual(decidePdnType('ipv4v6', true, { allowed: 'ipv4v6' }), { granted: 'ipv4v6', cause: 16 });
  t.deepEqual(decidePdnType('ipv4v6', false, { allowed: 'ipv4v6' }), { granted: 'ipv6', cause: 19 });
  t.deepEqual(decidePdnType('ipv4v6', false, { allowed: 'ipv4v6', prefer: 'ipv4' }), { granted: 'ipv4', cause: 19 });
  t.deepEqual(decidePdnType('ipv4v6', true, { allowed: 'ipv4v6', singleAddressBearersOnly: true }), {
    granted: 'ipv6',
    cause: 19,
  });
});

test('IPv4v6 on a single-family APN gives that family with cause 18, whatever DAF says', (t) => {
  t.deepEqual(decidePdnType('ipv4v6', true, { allowed: 'ipv4' }), { granted: 'ipv4', cause: 18 });
  t.deepEqual(decidePdnType('ipv4v6', false, { allowed: 'ipv6' }), { granted: 'ipv6', cause: 18 });
});

test('a single family the APN does not allow is rejected with cause 83', (t) => {
  t.deepEqual(decidePdnType('ipv6', true, { allowed: 'ipv4' }), { granted: undefined, cause: 83 });
  t.deepEqual(decidePdnType('ipv4', true, { allowed: 'ipv6' }), { granted: undefined, cause: 83 });
  t.deepEqual(decidePdnType('ipv6', false, { allowed: 'ipv4v6' }), { granted: 'ipv6', cause: 16 });
});
