import test from 'ava';
import { ErrorIndicationLimit } from '../../../harness/elements/common/error-indication-limit.ts';

/** The Error Indication ceiling: a burst, then the rate, per peer (virtual time). */
test('10 at once, then 100 a second, each peer on its own', (t) => {
  const limit = new ErrorIndicationLimit(100, 10);
  const allowed = (peer: string, n: number, at: number) =>
    Array.from({ length: n }, () => limit.allow(peer, at)).filter(Boolean).length;
  t.is(allowed('a', 50, 0), 10);
  t.is(allowed('b', 5, 0), 5);
  t.is(allowed('a', 50, 100), 10); // 100 ms later: 10 more tokens
  t.is(allowed('a', 50, 150), 5);
  t.is(allowed('a', 50, 10_000), 10); // never more than the burst saved up
});
