import test from 'ava';
import { loadSuite } from '../../harness/runner/suite.ts';
import { discoverScenarios, select } from '../../harness/runner/registry.ts';
import { failures, runAgainstFaulty } from '../helpers/run-scenarios.ts';

/**
 * Every scenario of the mvno-l2 suite can fail (ARCHITECTURE.md, "How we know the harness is
 * right"): against the in-process stand-ins each passes, and against a deliberately broken MVNO
 * PGW or GGSN each fails on a MUST check that names the element and the clause. The table lists,
 * per scenario, the fault and what the first failed check must say.
 */
interface Proof {
  id: string;
  element: 'pgw' | 'ggsn';
  faults: string[];
  /** The first failed MUST check: its name and clause. */
  check: RegExp;
  clause: RegExp;
}

const PROOFS: Proof[] = [
  {
    id: 'core/s5-echo',
    element: 'pgw',
    faults: ['echo-no-recovery'],
    check: /Recovery/,
    clause: /TS 29\.274 §7\.1\.2/,
  },
  {
    id: 'core/s5-echo-restart-counter',
    element: 'pgw',
    faults: ['restart-counter-unstable'],
    check: /restart counter unchanged/,
    clause: /TS 23\.007 §18/,
  },
  {
    id: 'core/s5-create-session/pdn-ipv6',
    element: 'pgw',
    faults: ['prefix-56'],
    check: /^IPv6 prefix length is 64$/,
    clause: /TS 23\.401 §5\.3\.1\.2\.2/,
  },
  {
    id: 'core/s5-create-session/pdn-ipv4v6',
    element: 'pgw',
    faults: ['prefix-56'],
    check: /^IPv6 prefix length is 64$/,
    clause: /TS 23\.401 §5\.3\.1\.2\.2/,
  },
  {
    id: 'core/s5-pco-dns',
    element: 'pgw',
    faults: ['no-pco-dns'],
    check: /IPv6 DNS servers/,
    clause: /TS 24\.008 §10\.5\.6\.3/,
  },
  {
    id: 'core/s5-router-advertisement',
    element: 'pgw',
    faults: ['ra-on-link'],
    check: /L=0/,
    clause: /TS 29\.061 §11\.2\.1\.3\.4/,
  },
  {
    id: 'core/s5-internet',
    element: 'pgw',
    faults: ['no-sgi'],
    check: /ICMPv6 echo to the IPv6-only host/,
    clause: /TS 29\.061 §11\.2\.1\.3/,
  },
  {
    id: 'core/s5-delete-session',
    element: 'pgw',
    faults: ['keep-deleted-sessions'],
    check: /^second Delete Session: cause 64 Context Not Found$/,
    clause: /TS 29\.274 §7\.2\.10/,
  },
  {
    id: 'core/s5-peer-restart',
    element: 'pgw',
    faults: ['ignore-peer-restart'],
    check: /.+/,
    clause: /TS 23\.007 §18/,
  },
  {
    id: 'core/gn-pdp-context/pdp-ipv6',
    element: 'ggsn',
    faults: ['no-ra'],
    check: /Router Solicitation/,
    clause: /TS 29\.061 §11\.2\.1\.3\.4/,
  },
  {
    id: 'core/gn-pdp-context/pdp-ipv4v6',
    element: 'ggsn',
    faults: ['ra-on-link'],
    check: /L=0/,
    clause: /TS 29\.061 §11\.2\.1\.3\.4/,
  },
  {
    id: 'core/gn-pdp-type-policy/request-ipv6',
    element: 'ggsn',
    faults: ['ignore-pdp-type-policy'],
    check: /^ipv6 on APN inet4 \(declared ipv4\): cause$/,
    clause: /TS 23\.060 §9\.2\.1/,
  },
  {
    id: 'core/gn-pdp-type-policy/request-ipv4v6',
    element: 'ggsn',
    faults: ['ignore-pdp-type-policy'],
    check: /^ipv4v6 on APN inet6 \(declared ipv6\): cause$/,
    clause: /TS 23\.060 §9\.2\.1/,
  },
  {
    id: 'core/gn-update-pdp-context',
    element: 'ggsn',
    faults: ['update-keeps-old-teid'],
    check: /^the response goes to the new TEID-C$/,
    clause: /TS 29\.060 §7\.3\.4/,
  },
  {
    id: 'core/gn-peer-restart/detect-create',
    element: 'ggsn',
    faults: ['ignore-sgsn-restart'],
    check: /^a G-PDU on the old tunnel gets an Error Indication$/,
    clause: /TS 23\.007 §18/,
  },
  {
    id: 'core/gn-peer-restart/detect-echo',
    element: 'ggsn',
    faults: ['ignore-sgsn-restart'],
    check: /^a G-PDU on the old tunnel gets an Error Indication$/,
    clause: /TS 23\.007 §18/,
  },
  {
    id: 'core/gn-user-plane',
    element: 'ggsn',
    faults: ['no-ipv4-user-plane'],
    check: /^MS 1: ICMP echo to the IPv4-only host/,
    clause: /TS 29\.061 §11\.2\.1\.1/,
  },
  {
    id: 'mvno/gn-echo-recovery',
    element: 'ggsn',
    faults: ['restart-counter-unstable'],
    check: /^restart counter unchanged without a restart$/,
    clause: /TS 23\.007 §18/,
  },
  {
    id: 'mvno/gn-pco-dns/pdp-ipv6',
    element: 'ggsn',
    faults: ['no-pco-dns'],
    check: /^IPv6 DNS servers \(container 0x0003\)$/,
    clause: /TS 29\.061 §11\.2\.1\.5/,
  },
  {
    id: 'mvno/gn-pco-dns/pdp-ipv4v6',
    element: 'ggsn',
    faults: ['no-pco-dns'],
    check: /^IPv6 DNS servers \(container 0x0003\)$/,
    clause: /TS 29\.061 §11\.2\.1\.5/,
  },
  {
    id: 'mvno/gn-radius-accounting',
    element: 'ggsn',
    faults: ['accounting-no-ipv6-prefix'],
    check: /^ipv6 session: Accounting-Request Start carries Framed-IPv6-Prefix 2001:db8:44::\/64$/,
    clause: /^TS 29\.061 §16\.4\.3, RFC 3162 §2\.3$/,
  },
  {
    id: 'mvno/radius-accounting',
    element: 'pgw',
    faults: ['accounting-no-ipv6-prefix'],
    check: /^ipv6 session: Accounting-Request Start carries Framed-IPv6-Prefix 2001:db8:100::\/64$/,
    clause: /^TS 29\.061 §16\.4\.3, RFC 3162 §2\.3$/,
  },
];

test('the table covers every scenario of the mvno-l2 suite', async (t) => {
  const { suite, file } = loadSuite('mvno-l2');
  const ids = select(await discoverScenarios(), suite.scenarios, file).map((s) => s.id);
  t.deepEqual([...ids].sort(), PROOFS.map((p) => p.id).sort());
});

for (const p of PROOFS) {
  test(`${p.id}: passes against the stand-ins, fails against a ${p.element} with ${p.faults.join(', ')}`, async (t) => {
    const [good] = await runAgainstFaulty(p.element, p.id, []);
    t.is(good.status, 'passed', `${failures(good).join('; ')} ${good.error ?? ''}`);
    const [bad] = await runAgainstFaulty(p.element, p.id, p.faults);
    t.is(bad.status, 'failed', `${bad.error ?? ''} ${failures(bad).join('; ')}`);
    t.is(bad.element, p.element);
    const first = bad.checks.find((c) => !c.ok && c.level === 'MUST')!;
    t.regex(first.name, p.check, failures(bad).join('\n'));
    t.regex(first.clause ?? '', p.clause);
    t.is(first.element, p.element);
    t.not(JSON.stringify(first.observed), JSON.stringify(first.expected));
  });
}

test('mvno/radius-accounting: a PGW that sends no accounting at all fails on the missing Start, naming the PGW', async (t) => {
  const [r] = await runAgainstFaulty('pgw', 'mvno/radius-accounting', ['no-accounting']);
  t.is(r.status, 'failed');
  t.is(r.element, 'pgw');
  t.deepEqual(
    failures(r).map((f) => f.replace(/2001:db8:100:[0-9a-f:]*\/64/g, 'P')),
    [
      'ipv6 session: Accounting-Request Start carries Framed-IPv6-Prefix P: expected "P", observed "no Accounting-Request Start at the AAA"',
      'ipv4v6 session: Accounting-Request Start carries Framed-IPv6-Prefix P: expected "P", observed "no Accounting-Request Start at the AAA"',
    ],
  );
});

test('mvno/gn-radius-accounting: a GGSN that sends no accounting fails on the missing Starts, naming the GGSN', async (t) => {
  const [r] = await runAgainstFaulty('ggsn', 'mvno/gn-radius-accounting', ['no-accounting']);
  t.is(r.status, 'failed');
  t.is(r.element, 'ggsn');
  t.deepEqual(
    failures(r).map((f) => f.replace(/2001:db8:4[45]:[0-9a-f:]*\/64/g, 'P')),
    [
      'ipv6 session: Accounting-Request Start carries Framed-IPv6-Prefix P: expected "P", observed "no Accounting-Request Start at the AAA"',
      'ipv4v6 session: Accounting-Request Start carries Framed-IPv6-Prefix P: expected "P", observed "no Accounting-Request Start at the AAA"',
    ],
  );
});

test('an AAA the lab cannot read is skipped with the reason, not failed', async (t) => {
  const { loadTarget } = await import('../../harness/runner/target-file.ts');
  const { targetSchema } = await import('../../harness/lab/index.ts');
  const { runScenarios } = await import('../helpers/run-scenarios.ts');
  const base = loadTarget().target;
  const target = targetSchema.parse({
    ...base,
    elements: { ...base.elements, aaa: { kind: 'external', address: '::1', port: 9 } },
  });
  const [r] = await runScenarios('mvno/radius-accounting', target);
  t.is(r.status, 'skipped');
  t.regex(r.error ?? '', /^not run: the lab cannot read the accounting records of an external AAA at ::1/);
});

test('a target without a PGW skips the S5/S8 scenarios with the reason (a GGSN-only MVNO)', async (t) => {
  const { loadTarget } = await import('../../harness/runner/target-file.ts');
  const { targetSchema } = await import('../../harness/lab/index.ts');
  const { runScenarios } = await import('../helpers/run-scenarios.ts');
  const base = loadTarget().target;
  const target = targetSchema.parse({ ...base, elements: { ggsn: base.elements.ggsn } });
  const [r] = await runScenarios('core/s5-echo', target);
  t.is(r.status, 'skipped');
  t.is(r.error, `not run: the target "${base.name}" has no element "pgw" (the scenario needs pgw)`);
});
