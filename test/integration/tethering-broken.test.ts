import test from 'ava';
import { failures, runAgainstFaultyPgw } from '../helpers/run-scenarios.ts';

/** Tethering (RFC 7278 /64 sharing, DHCPv6 prefix delegation with PD_EXCLUDE) against correct and broken PGWs. */
/** The EPS instances only (the 5GS ones, `/access-5gs`, are terminal-5gs-broken.test.ts's). */
const eps = (pattern: string) => ({ patterns: [pattern], grepInvert: ['access-5gs'] });

test('every tethering mode passes against the correct stand-ins, over EPS and over 5GS', async (t) => {
  const results = await runAgainstFaultyPgw('terminal/tethering', []);
  t.is(results.length, 6);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
});

test("a PGW that accepts only the PAA's own address breaks /64 sharing, and the check says where", async (t) => {
  const [r] = await runAgainstFaultyPgw(eps('terminal/tethering/mode-64-sharing'), ['iid-source-check']);
  t.is(r.status, 'failed');
  t.is(r.element, 'pgw');
  const [f] = r.checks.filter((c) => !c.ok);
  t.regex(f.name, /^a LAN host sharing the \/64 \(RFC 7278\) 2001:db8:100:0:[0-9a-f:]+ reaches 2001:db8:f000::6$/);
  t.deepEqual(
    [f.expected, f.observed, f.clause],
    [
      'echo reply',
      'no reply (dropped by the network: the prefix is not routed to this PDN connection)',
      'RFC 7278 §3, TS 29.061 §11.2.1.3.2a',
    ],
  );
});

test('a PGW that leaves PD_EXCLUDE out fails the exclusion check only', async (t) => {
  const [r] = await runAgainstFaultyPgw(eps('terminal/tethering/mode-prefix-delegation'), ['pd-no-exclude']);
  t.is(r.status, 'failed');
  t.deepEqual(failures(r), [
    'PD_EXCLUDE names the PDN connection\'s /64: expected "2001:db8:700::/64", observed "no PD_EXCLUDE option"',
  ]);
});

test('a PGW that delegates a prefix but does not route it fails the LAN host', async (t) => {
  const [r] = await runAgainstFaultyPgw(eps('terminal/tethering/mode-prefix-delegation'), ['pd-not-routed']);
  t.is(r.status, 'failed');
  t.deepEqual(failures(r), [
    'a LAN host in the delegated prefix 2001:db8:700:1::1 reaches 2001:db8:f000::6: expected "echo reply", observed "no reply (dropped by the network: the prefix is not routed to this PDN connection)"',
  ]);
});
