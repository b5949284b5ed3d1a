import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parse } from 'yaml';
import { targetSchema } from '../../harness/lab/index.ts';
import { dockerProblem, needDocker } from '../helpers/docker.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';

/**
 * gateway/nat64-stateful (RFC 9693) against tayga + NAT44 in the docker lab: the Tester alone
 * passes over loopback, a connection establishment rate is found with every connection answered
 * in phase 2, and the capacity check on `nat64` is judged (MUST) or reported as not reached in its
 * time (SHOULD) — never an error. The broken side (a capped state table failing the capacity
 * check, naming nat64) runs over the in-process stand-in in test/unit/traffic/nat64-stateful-judge.
 * In CI (CI set) a missing Docker is a failure, else a skip.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const target = targetSchema.parse(parse(readFileSync(join(root, 'targets/docker.yaml'), 'utf8')));

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test('tayga: a connection establishment rate, every connection answered, the table judged', async (t) => {
  if (!needDocker(t, why)) return;
  // The lab's start counts against the scenario's time: 90 s, not the gateway suite's 30.
  const [r] = await runScenarios('gateway/nat64-stateful', target, 90);
  t.is(r?.id, 'gateway/nat64-stateful');
  t.is(r.error, undefined, `${r.error}`);
  const harness = r.checks.find((c) => c.element === 'harness');
  t.true(harness?.ok, JSON.stringify(harness));
  const est = r.checks.find((c) => c.clause === 'RFC 9693 §4.4');
  t.like(est, { ok: true, element: 'nat64' }, failures(r).join('; '));
  const rate = r.metrics.find((m) => m.name === 'nat64_connection_rate')?.value ?? 0;
  t.true(rate >= 100, `${rate} connections/s`);
  const cap = r.checks.find((c) => c.clause === 'RFC 9693 §4.6');
  t.is(cap?.element, 'nat64');
  // Reached within its budget, the floor must hold (tayga's NAT44 is the kernel's conntrack).
  if (cap?.level === 'MUST') t.true(cap.ok, JSON.stringify(cap));
  t.log(`establishment ${est?.observed}; capacity ${cap?.observed}`);
});
