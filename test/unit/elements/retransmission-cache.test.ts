import test from 'ava';
import { RetransmissionCache } from '../../../harness/elements/common/retransmission-cache.ts';

const req = (...b: number[]) => Buffer.from(b);

/** TS 29.274 §7.6 duplicate detection: entries live at least ttl, at most 2 × ttl; memory is bounded. */
test('a cached response is found for at least ttl and gone after 2 x ttl', (t) => {
  const c = new RetransmissionCache(1000, 100, 0);
  const r = req(0x32, 16, 7);
  const k = c.key('::1', 2123, 7, 16, r);
  c.put(k, r, Buffer.from([1]), 0);
  t.deepEqual(c.get(k, r, 999), Buffer.from([1]));
  t.deepEqual(c.get(k, r, 1500), Buffer.from([1]), 'still there after the first rotation');
  t.is(c.get(k, r, 2600), undefined);
  c.put(k, r, Buffer.from([1]), 2600);
  t.is(c.get(c.key('::1', 2124, 7, 16, r), r, 2600), undefined, 'another port is another peer');
  t.is(c.get(c.key('::2', 2123, 7, 16, r), r, 2600), undefined, 'another address is another peer');
  t.is(c.get(c.key('::1', 2123, 8, 16, r), r, 2600), undefined, 'another sequence number');
});

test('TS 29.060 §7.6: only the same request is a retransmission; a reused sequence number with another request is not', (t) => {
  const c = new RetransmissionCache(60_000, 100, 0);
  const create = req(0x32, 16, 0, 9, 1, 2, 3);
  const del = req(0x32, 20, 0, 9, 1, 2, 3);
  const other = req(0x32, 16, 0, 9, 1, 2, 4);
  c.put(c.key('::1', 2123, 9, 16, create), create, Buffer.from('create-response'), 0);
  t.deepEqual(c.get(c.key('::1', 2123, 9, 16, create), create, 1), Buffer.from('create-response'));
  t.is(c.get(c.key('::1', 2123, 9, 20, del), del, 1), undefined, 'another message type');
  t.is(c.get(c.key('::1', 2123, 9, 16, other), other, 1), undefined, 'the same type with other octets');
  // The key does not cover the octets: they are compared.
  t.is(c.get(c.key('::1', 2123, 9, 16, create), other, 1), undefined);
  // The new request's response replaces the old one.
  c.put(c.key('::1', 2123, 9, 16, other), other, Buffer.from('other-response'), 2);
  t.deepEqual(c.get(c.key('::1', 2123, 9, 16, other), other, 3), Buffer.from('other-response'));
  t.is(c.get(c.key('::1', 2123, 9, 16, create), create, 3), undefined);
});

test('the cache keeps its own copy of the request (sockets reuse their receive buffers)', (t) => {
  const c = new RetransmissionCache(60_000, 100, 0);
  const r = req(1, 2, 3);
  const k = c.key('::1', 1, 1, 1, r);
  c.put(k, r, Buffer.from([9]), 0);
  const copy = Buffer.from(r);
  r[2] = 7;
  t.deepEqual(c.get(k, copy, 0), Buffer.from([9]));
});

test('the cache keeps its own copy of the response (encoders reuse their output buffers) and fills more than one chunk', (t) => {
  const c = new RetransmissionCache(60_000, 100_000, 0);
  const res = Buffer.from([1, 2, 3]);
  const k = c.key('::1', 1, 1, 1, req(1));
  c.put(k, req(1), res, 0);
  res[0] = 9;
  // 400 entries of 4 KiB: past the first 64 KiB chunk and the next 1 MiB one; what was cached stays.
  const big = Buffer.alloc(4096, 0xab);
  for (let i = 2; i < 402; i++) c.put(c.key('::1', 1, i, 1, req(i)), req(i), big, 0);
  t.deepEqual(c.get(k, req(1), 0), Buffer.from([1, 2, 3]));
  t.deepEqual(c.get(c.key('::1', 1, 41, 1, req(41)), req(41), 0), big);
  t.deepEqual(c.get(c.key('::1', 1, 401, 1, req(401 & 0xff)), req(401 & 0xff), 0), big);
  // An entry larger than a chunk gets a chunk of its own; the next ones go on after it.
  const huge = Buffer.alloc(1536 * 1024, 0xcd);
  c.put(c.key('::1', 1, 500, 1, req(9)), req(9), huge, 0);
  c.put(c.key('::1', 1, 501, 1, req(8)), req(8), res, 0);
  t.deepEqual(c.get(c.key('::1', 1, 500, 1, req(9)), req(9), 0), huge);
  t.deepEqual(c.get(c.key('::1', 1, 501, 1, req(8)), req(8), 0), Buffer.from([9, 2, 3]));
  t.deepEqual(c.get(c.key('::1', 1, 41, 1, req(41)), req(41), 0), big);
});

test('a full generation rotates early, so at most max entries are held', (t) => {
  const c = new RetransmissionCache(60_000, 10, 0);
  const k = (i: number) => c.key('::1', 1, i, 1, req(i));
  for (let i = 0; i < 25; i++) c.put(k(i), req(i), Buffer.from([i]), 0);
  const held = Array.from({ length: 25 }, (_, i) => c.get(k(i), req(i), 0)).filter(Boolean).length;
  t.true(held <= 10 && held >= 5, `${held} held`);
  t.truthy(c.get(k(24), req(24), 0), 'the newest is always kept');
});
