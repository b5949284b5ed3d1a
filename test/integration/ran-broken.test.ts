import test from 'ava';
import { failures, runAgainstFaulty } from '../helpers/run-scenarios.ts';

/**
 * Every RAN scenario passes against the correct SGW stand-in and fails against an SGW with one
 * deliberate fault, naming the SGW and the check that caught it.
 */
// The session load and the S1-U throughput search are judged against the correct stand-ins in
// test/perf (session-load-broken, user-plane-broken), which runs alone: beside the other test files
// their achieved rates measure the machine.
test('the RAN scenarios pass against the correct SGW stand-in', async (t) => {
  const results = await runAgainstFaulty(
    'sgw',
    { patterns: ['ran/*'], grepInvert: ['^ran/s11-session-load', '^ran/s1u-throughput'] },
    [],
  );
  t.true(results.length >= 4);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
});

test('an SGW that leaves out its S1-U F-TEID fails the attach', async (t) => {
  const [r] = await runAgainstFaulty('sgw', 'ran/s11-attach', ['missing-s1u-fteid']);
  t.is(r.status, 'failed');
  t.is(r.element, 'sgw');
  t.deepEqual(failures(r), [
    'bearer context: S1-U SGW F-TEID (instance 0): expected "interface type 1 with a TEID", observed "missing"',
  ]);
});

test('an SGW that drops uplink fails the echo through the tunnels', async (t) => {
  const [r] = await runAgainstFaulty('sgw', 'ran/s11-attach', ['drop-uplink']);
  t.is(r.status, 'failed');
  t.true(
    failures(r).some(
      (f) => f.startsWith('RA over S1-U advertises the PAA prefix: expected') && f.endsWith('observed "no RA"'),
    ),
    failures(r).join('\n'),
  );
});

test('an SGW that switches without an End Marker fails the handover', async (t) => {
  const [r] = await runAgainstFaulty('sgw', 'ran/s11-x2-handover', ['no-end-marker']);
  t.is(r.status, 'failed');
  const bad = r.checks.filter((c) => !c.ok);
  t.deepEqual(
    bad.map((c) => [c.name, c.observed, c.clause]),
    [['End Marker to the source eNodeB on its TEID', [], 'TS 29.281 §7.3.2, TS 23.401 §5.5.1.1.2']],
  );
});

test('an SGW that keeps the old eNodeB fails the handover on the downlink path', async (t) => {
  const [r] = await runAgainstFaulty('sgw', 'ran/s11-x2-handover', ['keep-old-enb']);
  t.is(r.status, 'failed');
  t.true(
    failures(r).includes(
      'downlink reaches the target eNodeB after the switch: expected "echo reply at the target eNodeB", observed "no reply at the target eNodeB"',
    ),
    failures(r).join('\n'),
  );
});

test('an SGW that does not relay Delete Session leaves the PGW tunnel up, and the detach scenario says so', async (t) => {
  const [r] = await runAgainstFaulty('sgw', 'ran/s11-detach', ['no-delete-relay']);
  t.is(r.status, 'failed');
  t.deepEqual(failures(r), [
    'PGW: Error Indication for the old S5/S8-U TEID (the SGW relayed the deletion): expected "Error Indication", observed "none (the PDN connection is still up at the PGW)"',
  ]);
});

test('an SGW without Error Indication fails the detach scenario on the S1-U check', async (t) => {
  const [r] = await runAgainstFaulty('sgw', 'ran/s11-detach', ['no-error-indication']);
  t.is(r.status, 'failed');
  t.deepEqual(failures(r), [
    'SGW: Error Indication for the old S1-U TEID: expected "Error Indication", observed "none (the S1-U tunnel is still up)"',
  ]);
});

test('a silent SGW fails the attach with the retransmission count', async (t) => {
  const results = await runAgainstFaulty('sgw', 'ran/s11-release-access-bearers', ['silent'], 20);
  t.is(results[0].status, 'failed');
  t.regex(
    failures(results[0])[0],
    /^Create Session Response over S11: expected "create-session-response", observed "no response from sgw at \[::1\]:\d+ after 3 tries/,
  );
});

test('an SGW that keeps sending downlink after S1 release fails the idle check', async (t) => {
  // A PGW-side fault is not involved: the SGW stand-in is told to keep the eNodeB on release.
  const [r] = await runAgainstFaulty('sgw', 'ran/s11-release-access-bearers', ['keep-enb-on-release']);
  t.is(r.status, 'failed');
  t.deepEqual(failures(r), [
    'no downlink to the released S1-U tunnel: expected "no echo reply at the eNodeB", observed "echo reply delivered to the eNodeB"',
  ]);
});

test('an SGW that drops one uplink G-PDU in 20 has no zero-loss S1-U throughput, and the check names it', async (t) => {
  // A short search: the loss is the stand-in's own at every rate, whatever the machine's load.
  const quick = { 'ran/s1u-throughput': { ues: 4, trialMs: 200, minPps: 500, maxPps: 4000 } };
  const [r] = await runAgainstFaulty('sgw', 'ran/s1u-throughput/innerlength-64', ['lossy-uplink'], 60, quick);
  t.is(r.status, 'failed', r.error);
  t.is(r.element, 'sgw');
  const bad = r.checks.filter((c) => !c.ok);
  t.deepEqual(
    bad.map((c) => [c.name, c.expected, c.element, c.clause]),
    [
      [
        'zero-loss throughput of 64-octet inner IPv6 packets over 4 tunnels',
        '≥ 500 packets/s with loss ≤ 0 %',
        'sgw',
        'RFC 2544 §26.1, RFC 8219 §7.1, TS 29.281 §5.1',
      ],
    ],
  );
  // 5 % dropped by the SGW (more only if the machine also lost some), even at the lowest rate.
  const lost = /^(\d+\.\d) % lost even at 500 packets\/s$/.exec(String(bad[0]?.observed));
  t.truthy(lost, String(bad[0]?.observed));
  t.true(Number(lost?.[1]) >= 4.5, String(bad[0]?.observed));
  t.is(r.metrics.find((m) => m.name === 'throughput')?.value, 0);
});
