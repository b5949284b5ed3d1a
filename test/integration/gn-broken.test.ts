import test from 'ava';
import { failures, runAgainstFaulty } from '../helpers/run-scenarios.ts';

/** The Gn scenarios pass against the GGSN stand-in and fail, naming the GGSN, against each of its faults. */
test('the Gn PDP context scenarios pass against the correct GGSN stand-in', async (t) => {
  const results = await runAgainstFaulty('ggsn', 'core/gn-*', []);
  t.is(results.length, 3); // pdp-ipv6, pdp-ipv4v6, gn-session-load
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')}`);
});

test('a GGSN without End User Address, without RA, or with L=1 in its RA fails with the check that caught it', async (t) => {
  const [noEua] = await runAgainstFaulty('ggsn', 'core/gn-pdp-context/pdp-ipv6', ['missing-eua']);
  t.like(noEua, { status: 'failed', element: 'ggsn' });
  t.is(noEua.checks.find((c) => !c.ok)?.name, 'End User Address');
  const [noRa] = await runAgainstFaulty('ggsn', 'core/gn-pdp-context/pdp-ipv6', ['no-ra']);
  t.is(
    failures(noRa)[0],
    'GGSN answers the Router Solicitation: expected "a Router Advertisement", observed "no RA after 3 RS (RFC 4861 §6.3.7)"',
  );
  const [onLink] = await runAgainstFaulty('ggsn', 'core/gn-pdp-context/pdp-ipv4v6', ['ra-on-link']);
  t.deepEqual(onLink.checks.find((c) => !c.ok)?.diff, ['onLink: expected false, observed true']);
});
