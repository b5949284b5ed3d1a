import test from 'ava';
import type { ScenarioResult } from '../../harness/report/results.ts';
import { failures, runAgainstFaulty, runScenarios } from '../helpers/run-scenarios.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';

/**
 * The DNS64 scenarios on the in-process lab (no Docker): they pass against the DNS64 stand-in
 * (RFC 6147 as written, so no warnings either), and each of its faults fails the scenario that
 * guards against it, naming the element, the expected and the observed answer. The same
 * scenarios against real unbound: test/containers/gateway.test.ts.
 */
const failed = (r: ScenarioResult[]) => r.filter((x) => x.status === 'failed').map((x) => x.id);
const check = (r: ScenarioResult, name: RegExp) => r.checks.find((c) => !c.ok && name.test(c.name));

test('every DNS64 scenario passes against the stand-in, with no warning', async (t) => {
  const results = await runScenarios('gateway/dns64-*', loadTarget().target);
  t.is(results.length, 14);
  t.deepEqual(
    results.filter((r) => r.status !== 'passed' || r.warnings > 0).map((r) => `${r.id}: ${failures(r).join('; ')}`),
    [],
  );
});

test('synthall fails dns64-real-aaaa with the synthesized address beside the real one', async (t) => {
  const [r] = await runAgainstFaulty('dns64', 'gateway/dns64-real-aaaa', ['synthall']);
  t.is(r.status, 'failed');
  t.deepEqual(check(r, /dual/)?.observed, ['2001:db8:64::c000:22e', '2001:db8:f000::46']);
});

test('the well-known prefix fails synthesis and discovery, and warns where the RFC says SHOULD', async (t) => {
  const r = await runAgainstFaulty('dns64', 'gateway/dns64-*', ['well-known-prefix']);
  t.deepEqual(failed(r), ['gateway/dns64-ipv4only-arpa', 'gateway/dns64-synthesis']);
  t.deepEqual(
    r.filter((x) => x.warnings > 0).map((x) => x.id),
    ['gateway/dns64-mapped-excluded', 'gateway/dns64-ptr'],
  );
  t.deepEqual(check(r.find((x) => x.id === 'gateway/dns64-synthesis')!, /declared NAT64 prefix/)?.observed, [
    '64:ff9b::/96',
  ]);
});

test('ignoring CD and DO fails dns64-dnssec-cd (RFC 6147 §5.5)', async (t) => {
  const [r] = await runAgainstFaulty('dns64', 'gateway/dns64-dnssec-cd', ['ignore-cd']);
  t.is(r.status, 'failed');
  const c = check(r, /CD and DO/);
  t.is(c?.clause, 'RFC 6147 §5.5 (3)');
  t.deepEqual(c?.observed, ['2001:db8:64::c000:204']);
});

test('NXDOMAIN redirection, no exclusion set and the A record TTL each fail (or warn) where they should', async (t) => {
  const [nx] = await runAgainstFaulty('dns64', 'gateway/dns64-nxdomain', ['nxdomain-redirect']);
  t.is(nx.status, 'failed');
  const [mapped] = await runAgainstFaulty('dns64', 'gateway/dns64-mapped-excluded', ['no-exclusion']);
  t.is(mapped.status, 'passed');
  t.is(mapped.warnings, 1, 'a SHOULD of RFC 6147 §5.1.4: a warning');
  t.deepEqual(check(mapped, /IPv4-mapped/)?.observed, ['::ffff:192.0.2.7'], 'RFC 5952 §5: mixed notation');
  const [ttl] = await runAgainstFaulty('dns64', 'gateway/dns64-ttl', ['a-ttl']);
  t.is(ttl.warnings, 1);
  t.is(check(ttl, /TTL/)?.observed, '300 s');
});

test('a silent DNS64 ends each scenario with "no answer after 3 attempts", naming the element', async (t) => {
  const [r] = await runAgainstFaulty('dns64', 'gateway/dns64-synthesis', ['silent']);
  t.is(r.status, 'failed');
  const c = r.checks.find((x) => !x.ok)!;
  t.is(c.element, 'dns64');
  t.is(c.observed, 'no answer after 3 attempts');
});

test('a resolver cut off from the arpa zones fails discovery with "cannot resolve ipv4only.arpa: SERVFAIL", not a silence', async (t) => {
  const r = await runAgainstFaulty('dns64', 'gateway/dns64-*', ['isolated']);
  const byId = new Map(r.map((x) => [x.id, x]));
  const discovery = byId.get('gateway/dns64-ipv4only-arpa')!;
  t.is(discovery.status, 'failed');
  t.like(check(discovery, /resolves AAAA ipv4only\.arpa/), {
    observed: 'cannot resolve ipv4only.arpa: SERVFAIL',
    level: 'MUST',
    element: 'dns64',
    clause: 'RFC 7050 §3, RFC 8880 §7.2',
  });
  t.is(check(discovery, /answers .* over IPv6/), undefined);
  const ptr = byId.get('gateway/dns64-ptr')!;
  t.is(ptr.status, 'passed');
  t.is(ptr.warnings, 1);
  t.regex(String(check(ptr, /resolves PTR/)?.observed), /^cannot resolve [0-9a-f.]+\.ip6\.arpa: SERVFAIL$/);
  // The operator's own names still resolve: every other DNS64 scenario passes.
  t.deepEqual(failed(r), ['gateway/dns64-ipv4only-arpa']);
});

test('a resolver that never answers for ipv4only.arpa but answers its own names: "cannot resolve ...: timeout"', async (t) => {
  const [r] = await runAgainstFaulty('dns64', 'gateway/dns64-ipv4only-arpa', ['isolated-slow']);
  t.is(r.status, 'failed');
  const c = check(r, /resolves AAAA ipv4only\.arpa/);
  t.is(c?.element, 'dns64');
  t.regex(
    String(c?.observed),
    /^cannot resolve ipv4only\.arpa: timeout \(no answer after 3 attempts; dns64 answers A \S+: NOERROR in [\d.]+ ms\)$/,
  );
  t.is(check(r, /answers .* over IPv6/), undefined);
});
