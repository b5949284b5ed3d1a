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

test('IPCP DNS over Gn: a GGSN that acknowledges 0.0.0.0 fails, one that ignores IPCP is warned about, both naming the GGSN', async (t) => {
  const [ok] = await runAgainstFaulty('ggsn', 'mvno/gn-pco-dns/pdp-ipv4v6', []);
  t.is(ok.status, 'passed', failures(ok).join('; '));
  t.true(ok.checks.some((c) => c.name === 'IPCP leaves the MS with the declared IPv4 DNS servers' && c.ok));
  const [acked] = await runAgainstFaulty('ggsn', 'mvno/gn-pco-dns/pdp-ipv4v6', ['ipcp-ack-unchanged']);
  t.like(acked, { status: 'failed', element: 'ggsn' });
  t.deepEqual(failures(acked), [
    'IPCP leaves the MS with the declared IPv4 DNS servers: expected {"primary":"192.0.2.53","secondary":"none"}, observed {"primary":"0.0.0.0","secondary":"0.0.0.0"}',
  ]);
  const [ignored] = await runAgainstFaulty('ggsn', 'mvno/gn-pco-dns/pdp-ipv4v6', ['ipcp-ignored']);
  const warned = ignored.checks.find((c) => !c.ok);
  t.like(warned, {
    name: 'GGSN answers the IPCP Configure-Request (container 0x8021)',
    level: 'SHOULD',
    element: 'ggsn',
    observed: 'no IPCP container in the PCO',
  });
  t.is(ignored.warnings, 1);
});

test('a GGSN whose PCO container overruns the PCO is reported by the well-formedness check, the message still decoded', async (t) => {
  const [r] = await runAgainstFaulty('ggsn', 'mvno/gn-pco-dns/pdp-ipv6', ['pco-overrun']);
  t.like(r, { status: 'failed', element: 'ggsn' });
  t.deepEqual(failures(r), [
    'PCO in the response is well-formed: expected "well-formed", observed "container 0x000D says 4 octets but 1 are left (offset 20)"',
  ]);
});
