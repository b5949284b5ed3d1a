import test from 'ava';
import { Address6 } from 'ip-address';
import { Ipv4Pool, Ipv6PrefixPool, randomInterfaceId } from '../../../harness/elements/common/address-pools.ts';

test('the IPv6 pool hands out distinct /64s, reuses released ones, and reports exhaustion', (t) => {
  const pool = new Ipv6PrefixPool('2001:db8:100:ff00::/62');
  t.is(pool.capacity, 4n);
  const got = [pool.allocate(), pool.allocate(), pool.allocate(), pool.allocate()];
  t.deepEqual(got, ['2001:db8:100:ff00::', '2001:db8:100:ff01::', '2001:db8:100:ff02::', '2001:db8:100:ff03::']);
  t.is(pool.allocate(), undefined);
  pool.release('2001:db8:100:ff02::');
  t.is(pool.allocate(), '2001:db8:100:ff02::');
  t.is(pool.inUse, 4);
  t.throws(() => new Ipv6PrefixPool('2001:db8::/80'), { message: /longer than \/64/ });
});

test('the IPv4 pool skips network and broadcast addresses', (t) => {
  const pool = new Ipv4Pool('198.51.100.0/30');
  t.deepEqual([pool.allocate(), pool.allocate(), pool.allocate()], ['198.51.100.1', '198.51.100.2', undefined]);
  pool.release('198.51.100.1');
  t.is(pool.allocate(), '198.51.100.1');
});

test('interface identifiers are random 64-bit values, never zero', (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const iid = randomInterfaceId();
    t.true(new Address6(`fe80${iid}`).isLinkLocal());
    t.not(iid, '::0:0:0:0');
    seen.add(iid);
  }
  t.is(seen.size, 1000);
});
