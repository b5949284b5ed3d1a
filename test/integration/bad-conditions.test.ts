import test from 'ava';
import { runAgainstFaultyPgw } from '../helpers/run-scenarios.ts';

/**
 * The harness under a DUT that floods (issue "Reliability ..."): 5,000 datagrams of garbage and
 * stray Echo Responses before each real answer. The scenario still ends with a clear result (the
 * real answer is found by its sequence number, TS 29.274 §7.6), the harness keeps bounded evidence
 * of what else came, and its memory does not grow with the flood.
 */
test('a flooding PGW: the Echo scenario ends with the real answer found, evidence bounded, memory bounded', async (t) => {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const [r] = await runAgainstFaultyPgw('core/s5-echo*', ['echo-flood']);
  const grew = process.memoryUsage().heapUsed - before;
  t.not(r.status, 'error', r.error);
  t.is(r.status, 'passed', JSON.stringify(r.checks.filter((c) => !c.ok)));
  t.true(performance.now() - started < 15_000);
  t.true(grew < 64 * 1024 * 1024, `heap grew ${(grew / 1048576).toFixed(1)} MiB`);
});

test('the evidence a request keeps of a flood is capped at 64 stray and 64 undecodable messages', async (t) => {
  const { Pgw } = await import('../../harness/elements/pgw/index.ts');
  const { SgwS5Driver } = await import('../../harness/drivers/sgw/index.ts');
  const { noRecorder } = await import('../../harness/net/pcap/index.ts');
  const pgw = new Pgw({ address: '::1', restartCounter: 1, faults: ['echo-flood'], apns: {} });
  await pgw.start();
  const sgw = new SgwS5Driver({
    pgw: pgw.endpoint,
    recorder: noRecorder,
    timers: { t3ResponseMs: 3000, n3Requests: 0 },
  });
  await sgw.open();
  try {
    const out = await sgw.echo();
    t.is(out.kind, 'response');
    // 2,500 of each came before the answer: exactly the cap is kept.
    t.deepEqual([out.unmatched.length, out.undecodable.length], [64, 64]);
  } finally {
    await sgw.close();
    await pgw.stop();
  }
});
