import test from 'ava';
import { retransmit } from '../../../harness/drivers/ipv6-host/retransmit.ts';

/** The probe clients' retransmission (icmpv6-echo, udp-echo): first answer wins, bounded attempts, abort, errors. */
test('an answer to the second attempt ends it with that answer and the attempt count', async (t) => {
  let answer: (a: string) => void = () => {};
  const sent: number[] = [];
  const r = await retransmit<string>({
    attempts: 3,
    timeoutMs: 30,
    signal: new AbortController().signal,
    send: (n) => {
      sent.push(n);
      if (n === 2) setTimeout(() => answer('pong'), 5);
    },
    listen: (a) => {
      answer = a;
    },
  });
  t.like(r, { kind: 'answer', answer: 'pong', attempts: 2 });
  t.deepEqual(sent, [1, 2]);
  t.true(r.kind === 'answer' && r.rttMs >= 0);
});

test('no answer: a timeout after the last attempt; an abort ends it at once; a send error is the outcome', async (t) => {
  const quiet = { timeoutMs: 10, send: () => {}, listen: () => {} };
  t.deepEqual(await retransmit({ ...quiet, attempts: 3, signal: new AbortController().signal }), {
    kind: 'timeout',
    attempts: 3,
  });
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 15);
  const aborted = await retransmit({ ...quiet, timeoutMs: 1000, attempts: 5, signal: abort.signal });
  // Ended before the second attempt was due (1 s).
  t.deepEqual(aborted, { kind: 'timeout', attempts: 1 });
  const failing = await retransmit({
    ...quiet,
    attempts: 3,
    signal: new AbortController().signal,
    send: (_n: number, fail: (m: string) => void) => fail('EHOSTUNREACH'),
  });
  t.deepEqual(failing, { kind: 'error', message: 'EHOSTUNREACH' });
});
