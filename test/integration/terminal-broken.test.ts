import test from 'ava';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { failures, runAgainstFaultyPgw, runScenarios } from '../helpers/run-scenarios.ts';

/**
 * The terminal scenarios pass with a conforming UE model and correct elements, and fail against
 * a broken terminal (the suite's `ue` parameter) and against a PGW that ignores the APN policy.
 */
const withUe = (ue: string) => ({ 'terminal/pdn-fallback': { ue } });

test('every PDN fallback case passes with a conforming UE', async (t) => {
  const results = await runScenarios('terminal/pdn-fallback', loadTarget().target);
  t.is(results.length, 6);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
});

test('a UE that retries IPv4v6 after #50 is flagged for its requests', async (t) => {
  const [r] = await runScenarios('terminal/pdn-fallback/case-dual-stack-on-ipv4-only-apn', loadTarget().target, 20, withUe('retry-ipv4v6'));
  t.is(r.status, 'failed');
  t.is(r.element, 'ue');
  t.deepEqual(failures(r), [
    'terminal: PDN connections held at the end: expected ["ipv4"], observed ["ipv4","ipv4","ipv4","ipv4","ipv4","ipv4"]',
    'terminal: PDN connectivity requests sent: expected 1, observed 6',
    'terminal: no request for a family the network ruled out (#50/#51): expected [], observed ["ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50"]',
  ]);
});

test('a UE that drops a granted IPv4v6 connection for IPv4 is flagged', async (t) => {
  const [r] = await runScenarios('terminal/pdn-fallback/case-dual-stack-on-dual-stack-apn', loadTarget().target, 20, withUe('drop-to-ipv4'));
  t.is(r.status, 'failed');
  t.deepEqual(failures(r), [
    'terminal: PDN connections held at the end: expected ["ipv4v6"], observed ["ipv4"]',
    'terminal: PDN connectivity requests sent: expected 1, observed 2',
    'terminal: IPv6 is used when granted (SLAAC, then echo): expected "echo reply over IPv6", observed "no IPv6-capable PDN connection held"',
  ]);
});

test('a PGW that ignores the APN policy fails the network side of the fallback cases', async (t) => {
  const results = await runAgainstFaultyPgw('terminal/pdn-fallback/case-dual-stack-on-ipv4-only-apn', ['ignore-pdn-policy']);
  t.is(results[0].status, 'failed');
  t.is(results[0].element, 'pgw');
  t.is(failures(results[0])[0], 'network: cause for ipv4v6 on APN v4only (declared ipv4): expected 18, observed 16');
});
