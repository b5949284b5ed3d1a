import test from 'ava';
import { renderHtml } from '../../harness/report/html-reporter.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { failures, runAgainstFaultyPgw, runScenarios } from '../helpers/run-scenarios.ts';

/**
 * The terminal scenarios pass with a conforming UE model and correct elements, and fail against
 * a broken terminal (the suite's `ue` parameter) and against a PGW that ignores the APN policy.
 */
const withUe = (ue: string) => ({ 'terminal/pdn-fallback': { ue } });

test('every PDN fallback case passes with a conforming UE, over EPS and over 5GS', async (t) => {
  const results = await runScenarios('terminal/pdn-fallback', loadTarget().target);
  t.is(results.length, 14);
  t.is(results.filter((r) => r.id.endsWith('/access-5gs')).length, 8);
  // #57/#58 (TS 24.501 §6.4.1.4.1) are 5GS causes: those cases have no EPS instance at all.
  t.deepEqual(
    results.filter((r) => /only-dnn\/ue-conforming/.test(r.id)).map((r) => r.id),
    [
      'terminal/pdn-fallback/case-ipv6-first-on-ipv4v6-only-dnn/ue-conforming/access-5gs',
      'terminal/pdn-fallback/case-dual-stack-on-unstructured-only-dnn/ue-conforming/access-5gs',
    ],
  );
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  // The report's PDN matrix (one table per definition, from the facts) has a row per access.
  const html = renderHtml(
    { tool: 'v6harness', version: 'test', startedAt: new Date().toISOString(), target: 'standins', scenarios: results },
    [],
  );
  const start = html.indexOf('Matrix: <code>terminal/pdn-fallback</code>');
  t.true(start >= 0, 'a matrix for terminal/pdn-fallback');
  const matrix = html.slice(start, html.indexOf('</section>', start));
  const row = (id: string) => matrix.slice(matrix.indexOf(`<code>${id}</code>`)).split('</tr>')[0];
  const eps = row('case-dual-stack-on-single-address-apn/ue-conforming');
  const fiveGs = row('case-dual-stack-on-single-address-apn/ue-conforming/access-5gs');
  t.regex(
    eps,
    /EPS \(PDN connection\).*APN single \(singleAddress\).*ipv4v6 → accepted ipv6 #52; ipv4 → accepted ipv4.*ipv6 \+ ipv4/s,
  );
  t.regex(fiveGs, /5GS \(PDU session\).*DNN single \(singleAddress\).*ipv4v6 → accepted ipv6 #51<.*>ipv6</s);
});

test('a UE that retries IPv4v6 after #50 is flagged for its requests', async (t) => {
  const [r] = await runScenarios(
    'terminal/pdn-fallback/case-dual-stack-on-ipv4-only-apn/ue-conforming',
    loadTarget().target,
    20,
    withUe('retry-ipv4v6'),
  );
  t.is(r.status, 'failed');
  t.is(r.element, 'ue');
  t.deepEqual(failures(r), [
    'terminal: PDN connections held at the end: expected ["ipv4"], observed ["ipv4","ipv4","ipv4","ipv4","ipv4","ipv4"]',
    'terminal: PDN connectivity requests sent: expected 1, observed 6',
    'terminal: no request for a family the network ruled out (#50/#51): expected [], observed ["ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50"]',
  ]);
});

test('a UE that drops a granted IPv4v6 connection for IPv4 is flagged', async (t) => {
  const [r] = await runScenarios(
    'terminal/pdn-fallback/case-dual-stack-on-dual-stack-apn/ue-conforming',
    loadTarget().target,
    20,
    withUe('drop-to-ipv4'),
  );
  t.is(r.status, 'failed');
  t.deepEqual(failures(r), [
    'terminal: PDN connections held at the end: expected ["ipv4v6"], observed ["ipv4"]',
    'terminal: PDN connectivity requests sent: expected 1, observed 2',
    'terminal: IPv6 is used when granted (SLAAC, then echo): expected "echo reply over IPv6", observed "no IPv6-capable PDN connection held"',
  ]);
});

test('a PGW that ignores the APN policy fails the network side of the fallback cases', async (t) => {
  const results = await runAgainstFaultyPgw('terminal/pdn-fallback/case-dual-stack-on-ipv4-only-apn/ue-conforming', [
    'ignore-pdn-policy',
  ]);
  t.is(results[0].status, 'failed');
  t.is(results[0].element, 'pgw');
  t.is(
    failures(results[0])[0],
    'network: cause for ipv4v6 on APN v4only (declared ipv4): expected "18 (0x12) New PDN type due to network preference", observed "16 (0x10) Request accepted"',
  );
});

/** Happy Eyeballs (RFC 8305): passes with the UE model's HE v2, fails a serial client and a PGW without an IPv4 user plane. */
const BROKEN_V6 = 'terminal/happy-eyeballs/host-broken-ipv6/he-rfc8305';

test('Happy Eyeballs passes for every host with an RFC 8305 UE, over EPS and 5GS: IPv6 where it works, IPv4 within the attempt delay where it does not', async (t) => {
  const results = await runScenarios('terminal/happy-eyeballs', loadTarget().target, 30);
  t.is(results.length, 6);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  const broken = results.find((r) => r.id.startsWith(BROKEN_V6))!;
  t.true(
    broken.metrics.some((m) => m.name === 'time_to_connect') &&
      broken.metrics.some((m) => m.name === 'time_to_first_byte'),
  );
});

test('a serial (pre-RFC 6555) UE fails the broken-IPv6 host on the time to connect', async (t) => {
  const [r] = await runScenarios(BROKEN_V6, loadTarget().target, 30, { 'terminal/happy-eyeballs': { he: 'serial' } });
  t.is(r.status, 'failed');
  t.is(r.element, 'ue');
  const f = failures(r);
  t.is(f.length, 1, f.join('; '));
  t.regex(
    f[0],
    /^terminal: with a broken IPv6 path the IPv4 attempt starts ≤ Connection Attempt Delay 250 ms \+ 250 ms after the first IPv6 one: expected "≤ 500 ms", observed "(?:[3-9]\d{3}|\d{5,}) ms \(connected after \d+ ms\)"$/,
  );
});

test('a PGW that drops the IPv4 user plane fails the broken-IPv6 host: no connection at all', async (t) => {
  const [r] = await runAgainstFaultyPgw(BROKEN_V6, ['no-ipv4-user-plane'], 30);
  t.is(r.status, 'failed');
  t.is(r.element, 'pgw');
  t.deepEqual(failures(r), [
    'network: ICMP echo to 192.0.2.66 from 198.51.100.1 through the PGW (IPv4 user plane): expected "echo reply", observed "no reply"',
    'network: UDP echo over IPv4 with 192.0.2.66 port 7: expected "v6harness udp4 198.51.100.1", observed "no answer"',
    'terminal: a TCP connection to broken-v6.v6lab.example port 7, data echoed: expected "echoed", observed "no connection: no connection within 5000 ms"',
  ]);
});
