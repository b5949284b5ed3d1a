import test from 'ava';
import { RetransmissionCache } from '../../../harness/elements/common/retransmission-cache.ts';

/** TS 29.274 §7.6 duplicate detection: entries live at least ttl, at most 2 × ttl; memory is bounded. */
test('a cached response is found for at least ttl and gone after 2 x ttl', (t) => {
  const c = new RetransmissionCache(1000, 100, 0);
  const k = c.key('::1', 2123, 7);
  c.put(k, Buffer.from([1]), 0);
  t.deepEqual(c.get(k, 999), Buffer.from([1]));
  t.deepEqual(c.get(k, 1500), Buffer.from([1]), 'still there after the first rotation');
  t.is(c.get(k, 2600), undefined);
  t.not(c.key('::1', 2123, 7), c.key('::1', 2124, 7));
});

test('a full generation rotates early, so at most max entries are held', (t) => {
  const c = new RetransmissionCache(60_000, 10, 0);
  for (let i = 0; i < 25; i++) c.put(c.key('::1', 1, i), Buffer.from([i]), 0);
  const held = Array.from({ length: 25 }, (_, i) => c.get(c.key('::1', 1, i), 0)).filter(Boolean).length;
  t.true(held <= 10 && held >= 5, `${held} held`);
  t.truthy(c.get(c.key('::1', 1, 24), 0), 'the newest is always kept');
});
