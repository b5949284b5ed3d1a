import test from 'ava';
import { failures, runAgainstFaultyPgw } from '../helpers/run-scenarios.ts';

/** The EPS instances only (the 5GS ones, `/access-5gs`, are terminal-5gs-broken.test.ts's). */
const eps = (pattern: string) => ({ patterns: [pattern], grepInvert: ['access-5gs'] });

/** 464XLAT (RFC 6877) through the in-process PLAT, against correct and broken gateways. */
test('both Pref64 discoveries and the CLAT/PLAT path pass against the correct stand-ins, over EPS and 5GS', async (t) => {
  const results = await runAgainstFaultyPgw('terminal/464xlat', []);
  t.is(results.length, 4);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
});

test('an RA without the PREF64 option fails RA discovery, naming the PGW; RFC 7050 discovery still works', async (t) => {
  const [ra, dns] = await runAgainstFaultyPgw(eps('terminal/464xlat'), ['ra-no-pref64']);
  t.is(ra.status, 'failed');
  t.is(ra.element, 'pgw');
  t.deepEqual(failures(ra), [
    'Pref64 learned (RA PREF64 option): expected "2001:db8:64::/96", observed "no PREF64 option in the RA"',
  ]);
  t.is(dns.status, 'passed', failures(dns).join('; '));
});

test('a PLAT answering from another prefix: the CLAT drops the answers and the check says why', async (t) => {
  const [r] = await runAgainstFaultyPgw(eps('terminal/464xlat/discovery-ra-pref64'), ['nat64-wrong-prefix']);
  t.is(r.status, 'failed');
  const f = failures(r);
  t.is(f.length, 2, f.join('\n'));
  t.regex(
    f[0],
    /^IPv4 echo to the IPv4-only host 192\.0\.2\.4 through CLAT and PLAT: expected "echo reply", observed "no reply \(CLAT dropped: from 64:ff9b::c000:204: not in Pref64 2001:db8:64::\/96\)"$/,
  );
});
