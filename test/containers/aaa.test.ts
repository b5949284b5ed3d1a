import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parse } from 'yaml';
import { targetSchema } from '../../harness/lab/index.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { dockerProblem, needDocker } from '../helpers/docker.ts';

/**
 * The RADIUS back-end scenarios against freeradius from its Debian package in the docker lab (an
 * AAA we did not write): it must answer our Accounting-Requests with the IPv6 attributes with valid
 * Response Authenticators, log the IPv6 values as we sent them in its detail file, drop a request
 * signed with another secret, and sustain a transaction rate. A freeradius configured with another
 * secret fails both scenarios, naming the AAA. In CI a missing Docker is a failure, else a skip.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const base = targetSchema.parse(parse(readFileSync(join(root, 'targets/docker.yaml'), 'utf8')));
const QUICK = { 'backend/radius-transaction-rate': { maxTps: 10_000, trialMs: 300 } };

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial(
  'freeradius takes the IPv6 attributes as sent, drops a forged request, and answers at a measured rate',
  async (t) => {
    if (!needDocker(t, why)) return;
    const results = await runScenarios('backend/radius-*', base, 120, QUICK);
    t.deepEqual(
      results.map((r) => r.id),
      ['backend/radius-ipv6-attributes', 'backend/radius-transaction-rate'],
    );
    for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
    const [attrs, rate] = results;
    // The record read back from freeradius's detail file, not from anything of ours.
    t.true(attrs.checks.some((c) => c.name === 'the record holds Delegated-IPv6-Prefix as sent' && c.ok));
    const tps = rate.metrics.find((m) => m.name === 'radius_transaction_rate')?.value ?? 0;
    // freeradius -X (one thread, every packet logged) reached ~4,000/s on the development machine.
    t.true(tps >= 500, `rate ${tps}`);
  },
);

test.serial('freeradius with another shared secret fails both RADIUS scenarios, naming the AAA', async (t) => {
  if (!needDocker(t, why)) return;
  const target = targetSchema.parse({
    ...base,
    elements: { ...base.elements, aaa: { ...base.elements.aaa, faults: ['wrong-secret'] } },
  });
  const results = await runScenarios('backend/radius-*', target, 120, {
    'backend/radius-transaction-rate': { maxTps: 1000, trialMs: 200, timeoutMs: 300 },
  });
  for (const r of results) {
    t.is(r.status, 'failed', r.id);
    t.is(r.element, 'aaa');
  }
  t.deepEqual(failures(results[0]), [
    'Accounting-Request Start with the IPv6 attributes is answered: expected "Accounting-Response within 2000 ms", observed "no answer"',
  ]);
  t.regex(failures(results[1])[0], /observed "none \(at 50 requests\/s 100\.0 % were not answered in time\)"$/);
});
