import test from 'ava';
import { targetSchema } from '../../harness/lab/index.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { runScenarios } from '../helpers/run-scenarios.ts';

/**
 * A target that declares too little (issue 16 items 1-2): the README's first PGW target had no APNs
 * and no `internet:`, and every S5 scenario failed "of the element" with `target declares APN
 * "internet"`. Now each is skipped, naming the key to add; the element is not blamed.
 */
test('a PGW with no APNs and no internet: hosts: the scenarios are skipped naming the role or key', async (t) => {
  const base = loadTarget().target;
  const target = targetSchema.parse({
    name: 'bare pgw',
    elements: { pgw: { kind: 'standin' }, sgw: base.elements.sgw },
  });
  const results = await runScenarios('core/s5-*', target, 20);
  const by = new Map(results.map((r) => [r.id, r]));
  for (const id of [
    'core/s5-create-session/pdn-ipv6',
    'core/s5-pco-dns',
    'core/s5-pdn-type-policy/case-v4v6-without-daf',
  ])
    t.like(by.get(id), {
      status: 'skipped',
      error:
        'not run: elements.pgw declares no APN for roles.dualStack (grants IPv4v6 with dual-address bearers (pdnTypes: ipv4v6)); declared APNs: none (docs/targets.md, "APN roles")',
    });
  t.regex(
    by.get('core/s5-pool-exhaustion')?.error ?? '',
    /^not run: elements\.pgw declares no APN for roles\.tinyPool /,
  );
  t.regex(
    by.get('core/s5-router-advertisement')?.error ?? '',
    /^not run: elements\.pgw declares no APN for roles\.dualStack \(.*\), or roles\.ipv6Only \(/,
  );
  // What needs no declaration still runs, and passes.
  t.is(by.get('core/s5-echo')?.status, 'passed');
  t.deepEqual(
    results.filter((r) => r.status === 'failed' || r.status === 'error').map((r) => [r.id, r.error]),
    [],
  );
});

test('internet: hosts and a probe address missing are named as such', async (t) => {
  const base = loadTarget().target;
  const { probeIpv6: _, ...internetApn } = base.elements.pgw.kind === 'standin' ? base.elements.pgw.apns.internet : {};
  const target = targetSchema.parse({
    name: 'no internet',
    elements: { ...base.elements, pgw: { kind: 'standin', apns: { internet: internetApn } } },
  });
  const [internet] = await runScenarios('core/s5-internet', target, 20);
  t.is(
    internet.error,
    'not run: the target declares no "internet:" (hosts behind SGi/Gi that answer ping and UDP/TCP echo: ipv6Only, ipv4Only, dualStack, brokenIpv6; docs/targets.md)',
  );
  const [spoof] = await runScenarios('core/s5-source-address-check', target, 20);
  t.is(
    spoof.error,
    'not run: the target declares no elements.pgw.apns.internet.probeIpv6 (an address that answers ICMPv6 echo through the APN) (docs/targets.md)',
  );
});
