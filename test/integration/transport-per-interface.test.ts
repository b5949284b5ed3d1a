import { join } from 'node:path';
import test from 'ava';
import { projectRoot } from '../../harness/runner/paths.ts';
import { targetSchema } from '../../harness/lab/index.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';

/**
 * GTP over IPv4 or IPv6 chosen per interface (TS 29.274 §8.22 F-TEID V4/V6): the RAN suite runs
 * with S11 on IPv6 and S1-U and S5/S8 on IPv4, and with everything on IPv4; an SGW announcing its
 * S1-U F-TEID in the wrong family is caught against the declared transport.
 */
// The session load's rate and the S1-U throughput are judged in test/perf (alone); here they would
// measure the machine (and this target declares no internet hosts for the throughput's echo).
const ranWithoutLoad = { patterns: ['ran/*'], grepInvert: ['^ran/s11-session-load', '^ran/s1u-throughput'] };
const mixed = () => loadTarget(join(projectRoot, 'targets/standins-mixed-transport.yaml')).target;

test('the RAN suite passes with S11 on IPv6 and S1-U, S5/S8 on IPv4', async (t) => {
  const results = await runScenarios(ranWithoutLoad, mixed());
  t.true(results.length >= 4);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  const attach = results.find((r) => r.id === 'ran/s11-attach')!;
  t.deepEqual(
    attach.checks.filter((c) => c.name.includes('of the declared transport')).map((c) => [c.name, c.observed]),
    [
      ['S11 F-TEID carries an address of the declared transport', 'ipv6'],
      ['S1U F-TEID carries an address of the declared transport', 'ipv4'],
    ],
  );
});

test('the RAN suite passes with GTP over IPv4 on every interface', async (t) => {
  const base = mixed();
  const target = targetSchema.parse({
    ...base,
    name: 'all IPv4',
    elements: { ...base.elements, sgw: { ...base.elements.sgw, transport: 'ipv4', interfaces: {} } },
  });
  const results = await runScenarios('ran/s11-attach', target);
  t.is(results[0].status, 'passed', failures(results[0]).join('; '));
});

test('an SGW that announces S1-U in the S11 family fails the declared-transport check', async (t) => {
  const base = mixed();
  const target = targetSchema.parse({
    ...base,
    name: 'wrong family',
    elements: { ...base.elements, sgw: { ...base.elements.sgw, faults: ['s1u-fteid-s11-address'] } },
  });
  const [r] = await runScenarios('ran/s11-attach', target);
  t.is(r.status, 'failed');
  t.is(r.element, 'sgw');
  t.is(
    failures(r)[0],
    'S1U F-TEID carries an address of the declared transport: expected "ipv4 (the other family may be there too)", observed "ipv6"',
  );
});
