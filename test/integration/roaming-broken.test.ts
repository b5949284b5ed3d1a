import test from 'ava';
import { failures, runAgainstFaulty } from '../helpers/run-scenarios.ts';

/**
 * The roaming matrix passes against correct stand-ins; a home PGW that ignores DAF and a visited
 * PGW whose user plane sends no RA are each caught in the cells they break.
 */
test('every cell of the roaming matrix passes against correct stand-ins', async (t) => {
  const results = await runAgainstFaulty('pgw', 'roaming/visited-network', []);
  t.is(results.length, 12);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  t.deepEqual(results[0].facts, {
    'visited network': 'dual-stack',
    'UE profile': 'ipv4v6',
    breakout: 'home-routed',
    'PDN types held': 'ipv4v6',
    'IPv6 end to end': 'yes',
    causes: 'ipv4v6: GTP cause 16 (0x10) Request accepted',
  });
});

test('a home PGW that grants IPv4v6 without DAF is caught in the Rel-8 visited network cell', async (t) => {
  const [r] = await runAgainstFaulty('pgw', 'roaming/visited-network/visited-no-daf/ue-ipv4v6/breakout-home-routed', [
    'ignore-pdn-policy',
  ]);
  t.is(r.status, 'failed');
  t.deepEqual(failures(r), ['PDN types the UE ends with: expected ["ipv6","ipv4"], observed ["ipv4v6"]']);
});

test('a visited PGW that sends no RA fails IPv6 end to end in local breakout, naming the visited PGW', async (t) => {
  const [r] = await runAgainstFaulty('vpgw', 'roaming/visited-network/visited-dual-stack/ue-ipv6/breakout-local', [
    'no-ra',
  ]);
  t.is(r.status, 'failed');
  t.is(r.element, 'vpgw');
  t.deepEqual(failures(r), ['IPv6 works end to end: expected true, observed false']);
});

test('464XLAT when roaming: the four cases match what RFC 6877/8781 predict, and a visited PGW that keeps its Pref64 to itself breaks local breakout', async (t) => {
  const ok = await runAgainstFaulty('pgw', 'roaming/464xlat-breakout', []);
  t.is(ok.length, 4);
  for (const r of ok) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')}`);
  t.deepEqual(
    ok.map((r) => r.facts?.['IPv4 application over 464XLAT']),
    ['works', 'works', 'works', 'broken'],
  );
  const [bad] = await runAgainstFaulty('vpgw', 'roaming/464xlat-breakout/breakout-local/visited-plat', [
    'ra-no-pref64',
  ]);
  t.is(bad.status, 'failed');
  t.is(bad.element, 'vpgw');
  const f = failures(bad);
  t.is(
    f[0],
    'the RA announces the Pref64 the APN declares (or none where none is declared): expected "2001:db8:65::/96", observed "no PREF64 option"',
  );
  t.regex(
    f[1],
    /^IPv4 application reaches 192\.0\.2\.4 over 464XLAT as expected for local, visited plat: expected "works", observed "broken/,
  );
});
