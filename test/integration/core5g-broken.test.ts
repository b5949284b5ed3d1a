import test from 'ava';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { type Target, targetSchema } from '../../harness/lab/target.ts';
import { failures, runAgainstFaulty, runScenarios } from '../helpers/run-scenarios.ts';

/**
 * Every 5G scenario passes against the correct stand-ins and fails against a stand-in with one
 * deliberate fault, naming the element and the check that caught it.
 */
test('the 5G registration scenarios pass against the correct AMF stand-in', async (t) => {
  const results = await runAgainstFaulty('amf', 'core5g/registration', []);
  t.is(results.length, 3);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
});

const REGISTRATION = 'core5g/registration/suci-null';

const cases: [fault: string, failure: RegExp][] = [
  [
    'n2-silent',
    /^AMF answers NG Setup Request with NG Setup Response: expected "NGSetupResponse", observed "timeout: no answer"$/,
  ],
  [
    'ng-setup-failure',
    /^AMF answers NG Setup Request with NG Setup Response: .*observed "NGSetupFailure \(misc unspecified\)"$/,
  ],
  ['reject-registration', /^registration accepted: .*observed "Registration Reject #7 \(5GS services not allowed\)/],
  ['wrong-mac', /^registration accepted: .*observed "Security Mode Command MAC invalid under 128-NIA2/],
  ['no-security-mode', /^registration accepted: .*observed "Registration Accept without a security mode control/],
  ['wrong-replayed-capabilities', /^registration accepted: .*observed "replayed UE security capabilities differ/],
  ['null-integrity', /^no null integrity \(NIA0\) for a normal registration: .*observed "128-NIA0"$/],
  [
    'wrong-security-key',
    /^Initial Context Setup Request: Security Key is KgNB of the UE’s KAMF: .*observed "a key of no uplink NAS COUNT/,
  ],
  ['no-guti', /^5G-GUTI of the declared PLMN: .*observed "no 5G-GUTI"$/],
  [
    'keep-context-after-deregistration',
    /^UE-originating deregistration: Deregistration Accept, then UE Context Release/,
  ],
];

for (const [fault, failure] of cases) {
  test(`an AMF with fault ${fault} fails core5g/registration, naming the AMF`, async (t) => {
    const [r] = await runAgainstFaulty('amf', REGISTRATION, [fault]);
    t.is(r.status, 'failed', `${r.id}: ${r.error ?? ''}`);
    t.is(r.element, 'amf');
    t.true(
      failures(r).some((f) => failure.test(f)),
      failures(r).join('\n'),
    );
  });
}

test('the 5G PDU session scenarios pass against the correct AMF and SMF stand-ins', async (t) => {
  const results = await runAgainstFaulty('smf', 'core5g/pdu-session', []);
  t.is(results.length, 3);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
});

/** The default target with the AMF answering 5GSM itself (sm-local.ts): no SMF, the SMF's DNNs on the AMF. */
function amfWithoutSmf(faults: string[]): Target {
  const base = loadTarget().target;
  const { smf, amf, ...rest } = base.elements;
  if (smf?.kind !== 'standin' || amf?.kind !== 'standin')
    throw new Error('the default target has no AMF and SMF stand-ins');
  return targetSchema.parse({
    ...base,
    name: `amf without an SMF, ${faults.join(', ') || 'no faults'}`,
    elements: { ...rest, amf: { ...amf, smf: undefined, dnns: smf.dnns, faults } },
  });
}

test('without an SMF the AMF stand-in answers PDU sessions itself and passes', async (t) => {
  const results = await runScenarios('core5g/pdu-session', amfWithoutSmf([]));
  t.is(results.length, 3);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
});

const localSessionCases: [fault: string, id: string, failure: RegExp][] = [
  [
    'ignore-dnn-policy',
    'core5g/pdu-session/type-ipv4v6',
    /^ipv4v6 on DNN v4only \(ipv4\): outcome as the DNN policy says: .*observed "accepted as ipv4v6"$/,
  ],
  [
    'no-type-fallback-cause',
    'core5g/pdu-session/type-ipv4v6',
    /^ipv4v6 on DNN v6only \(ipv6\): outcome as the DNN policy says: expected "accepted as ipv6 with 5GSM cause #51 .*observed "accepted as ipv6"$/,
  ],
  [
    'drop-n1-sm',
    'core5g/pdu-session/type-ipv6',
    /^ipv6 on DNN internet \(ipv4v6\): outcome as the DNN policy says: .*observed "not forwarded by the AMF: 5GMM cause #90/,
  ],
];

for (const [fault, id, failure] of localSessionCases) {
  test(`an AMF without an SMF, with fault ${fault}, fails ${id}, naming the AMF`, async (t) => {
    const [r] = await runScenarios(id, amfWithoutSmf([fault]));
    t.is(r.status, 'failed', `${r.id}: ${r.error ?? ''}`);
    t.is(r.element, 'amf');
    t.true(
      failures(r).some((f) => failure.test(f)),
      failures(r).join('\n'),
    );
  });
}

test('an AMF (without an SMF) with fault no-pdu-session-resources fails core5g/pdu-session/type-ipv6, naming the AMF', async (t) => {
  const [r] = await runScenarios('core5g/pdu-session/type-ipv6', amfWithoutSmf(['no-pdu-session-resources']));
  t.is(r.status, 'failed', `${r.id}: ${r.error ?? ''}`);
  t.is(r.element, 'amf');
  t.true(
    failures(r).some((f) =>
      /^ipv6 on DNN internet \(ipv4v6\): PDU Session Resource Setup Request with the accept, for the granted type: .*"n3":"none"/.test(
        f,
      ),
    ),
    failures(r).join('\n'),
  );
});

const smfSessionCases: [fault: string, id: string, failure: RegExp][] = [
  [
    'ignore-dnn-policy',
    'core5g/pdu-session/type-ipv4v6',
    /^ipv4v6 on DNN single \(ipv4v6, single addresses\): outcome as the DNN policy says: .*observed "accepted as ipv4v6"$/,
  ],
  [
    'no-type-fallback-cause',
    'core5g/pdu-session/type-ipv4v6',
    /^ipv4v6 on DNN v6only \(ipv6\): outcome as the DNN policy says: expected "accepted as ipv6 with 5GSM cause #51 .*observed "accepted as ipv6"$/,
  ],
  [
    'reject-all',
    'core5g/pdu-session/type-ipv6',
    /^ipv6 on DNN internet \(ipv4v6\): outcome as the DNN policy says: .*observed "PDU Session Establishment Reject #26 /,
  ],
  [
    'n11-5xx',
    'core5g/pdu-session/type-ipv6',
    /^ipv6 on DNN internet \(ipv4v6\): outcome as the DNN policy says: .*observed "not forwarded by the AMF: 5GMM cause #90/,
  ],
  [
    'no-status-notify',
    'core5g/pdu-session/type-ipv6',
    /^ipv6 on DNN internet \(ipv4v6\): SmContextStatusNotify RELEASED to the AMF after the release: .*observed "none within 5 s"$/,
  ],
];

for (const [fault, id, failure] of smfSessionCases) {
  test(`an SMF with fault ${fault} fails ${id}, naming the SMF`, async (t) => {
    const [r] = await runAgainstFaulty('smf', id, [fault]);
    t.is(r.status, 'failed', `${r.id}: ${r.error ?? ''}`);
    t.is(r.element, 'smf');
    t.true(
      failures(r).some((f) => failure.test(f)),
      failures(r).join('\n'),
    );
  });
}

test('the PDU session user-plane scenarios pass against the correct AMF, SMF and UPF stand-ins', async (t) => {
  const results = await runAgainstFaulty('smf', 'core5g/pdu-session-user-plane', []);
  t.is(results.length, 2);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
});

test('without an SMF the user-plane scenario is skipped, naming the AMF’s smf: key', async (t) => {
  const [r] = await runScenarios('core5g/pdu-session-user-plane/type-ipv6', amfWithoutSmf([]));
  t.is(r.status, 'skipped');
  t.regex(r.error ?? '', /names no SMF \(elements\.amf\.smf\)/);
});

const userPlaneCases: [fault: string, id: string, failure: RegExp][] = [
  [
    'no-ra',
    'core5g/pdu-session-user-plane/type-ipv6',
    /^a Router Advertisement answers the UE’s Router Solicitation over N3: .*observed "no RA"$/,
  ],
  [
    'no-n4-session',
    'core5g/pdu-session-user-plane/type-ipv4v6',
    /^a Router Advertisement answers the UE’s Router Solicitation over N3: .*observed "no RA"$/,
  ],
  ['ra-on-link', 'core5g/pdu-session-user-plane/type-ipv6', /^PIO: the session \/64, A=1, L=0: .*onLink/],
];

for (const [fault, id, failure] of userPlaneCases) {
  test(`an SMF with fault ${fault} fails ${id}, naming the SMF`, async (t) => {
    const [r] = await runAgainstFaulty('smf', id, [fault]);
    t.is(r.status, 'failed', `${r.id}: ${r.error ?? ''}`);
    t.is(r.element, 'smf');
    t.true(
      failures(r).some((f) => failure.test(f)),
      failures(r).join('\n'),
    );
  });
}
