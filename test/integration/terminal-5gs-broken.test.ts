import test from 'ava';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { type Target, targetSchema } from '../../harness/lab/target.ts';
import { failures, runAgainstFaulty, runScenarios } from '../helpers/run-scenarios.ts';

/**
 * terminal/pdn-fallback over 5GS (`access: 5gs`, issue 20 item 6): it passes against the correct
 * AMF, SMF and UPF stand-ins (terminal-broken.test.ts runs every case), and fails against a broken
 * terminal and against each stand-in with one deliberate fault, naming the element at fault.
 */
const at = (c: string) => `terminal/pdn-fallback/case-${c}/ue-conforming/access-5gs`;

test('over 5GS, a UE that retries IPv4v6 after #50 is flagged for its requests', async (t) => {
  const [r] = await runScenarios(at('dual-stack-on-ipv4-only-apn'), loadTarget().target, 20, {
    'terminal/pdn-fallback': { ue: 'retry-ipv4v6' },
  });
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'ue');
  t.deepEqual(failures(r), [
    'terminal: PDU sessions held at the end: expected ["ipv4"], observed ["ipv4","ipv4","ipv4","ipv4","ipv4","ipv4"]',
    'terminal: PDU session establishment requests sent: expected 1, observed 6',
    'terminal: no request for a family the network ruled out (#50/#51): expected [], observed ["ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50"]',
  ]);
});

test('over 5GS, an SMF that ignores the DNN policy fails the network side, naming the SMF', async (t) => {
  const [r] = await runAgainstFaulty('smf', at('dual-stack-on-ipv4-only-apn'), ['ignore-dnn-policy']);
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'smf');
  t.is(
    failures(r)[0],
    'network: outcome for ipv4v6 on DNN v4only (declared ipv4): expected "accepted as ipv4 with 5GSM cause #50 (PDU session type IPv4 only allowed)", observed "PDU Session Establishment Reject #26 (Insufficient resources)"',
  );
});

test('over 5GS, an SMF that sends no Router Advertisement fails the IPv6 use, naming the SMF', async (t) => {
  const [r] = await runAgainstFaulty('smf', at('dual-stack-on-dual-stack-apn'), ['no-ra']);
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'smf');
  t.deepEqual(failures(r), [
    'terminal: IPv6 is used when granted (SLAAC, then echo): expected "echo reply over IPv6", observed "no RA (from the SMF through the UPF) over N3"',
  ]);
});

test('over 5GS, a UPF that drops uplink toward N6 fails the IPv6 use, naming the UPF', async (t) => {
  const [r] = await runAgainstFaulty('upf', at('ipv6-only-on-dual-stack-apn'), ['no-n6']);
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'upf');
  const f = failures(r);
  t.is(f.length, 1, f.join('\n'));
  t.regex(
    f[0],
    /^terminal: IPv6 is used when granted .*observed "no echo reply to 2001:db8:f000::6 from 2001:db8:.* through the UPF's N6"$/,
  );
});

test('over 5GS, an AMF that rejects the registration fails the scenario, naming the AMF', async (t) => {
  const [r] = await runAgainstFaulty('amf', at('ipv6-only-on-ipv4-only-apn'), ['reject-registration']);
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'amf');
  t.regex(
    failures(r).join('\n'),
    /^registration accepted: expected "Registration Accept", observed "#7 \(5GS services not allowed\)"$/,
  );
});

/** Happy Eyeballs over 5GS: the UPF's N6 is the network side, the UE model the terminal side. */
const HE_BROKEN_V6 = 'terminal/happy-eyeballs/host-broken-ipv6/he-rfc8305/access-5gs';

test('over 5GS, a serial (pre-RFC 6555) UE fails the broken-IPv6 host on the time to connect, naming the UE', async (t) => {
  const [r] = await runScenarios(HE_BROKEN_V6, loadTarget().target, 30, {
    'terminal/happy-eyeballs': { he: 'serial' },
  });
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'ue');
  const f = failures(r);
  t.is(f.length, 1, f.join('; '));
  t.regex(
    f[0],
    /^terminal: with a broken IPv6 path the IPv4 attempt starts ≤ Connection Attempt Delay 250 ms \+ 250 ms after the first IPv6 one: expected "≤ 500 ms", observed "(?:[3-9]\d{3}|\d{5,}) ms \(connected after \d+ ms\)"$/,
  );
});

test('over 5GS, a UPF that drops uplink toward N6 fails the network side of Happy Eyeballs, naming the UPF', async (t) => {
  const [r] = await runAgainstFaulty('upf', HE_BROKEN_V6, ['no-n6'], 30);
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'upf');
  const f = failures(r);
  t.regex(
    f[0] ?? '',
    /^network: ICMP echo to 192\.0\.2\.66 from 198\.51\.100\.\d+ through the UPF \(IPv4 user plane\): expected "echo reply", observed "no reply"$/,
  );
  t.regex(f[1] ?? '', /^network: UDP echo over IPv4 with 192\.0\.2\.66 port 7: .*observed "no answer"$/);
});

/** The default target without the AMF: the 5GS instances are skipped naming it, the EPS ones still run. */
function withoutAmf(): Target {
  const base = loadTarget().target;
  const { amf: _amf, ...rest } = base.elements;
  return targetSchema.parse({ ...base, name: 'no amf', elements: rest });
}

test('over 5GS without an AMF in the target the instance is skipped naming it; the EPS one runs', async (t) => {
  const [eps, fiveGs] = await runScenarios(
    ['terminal/pdn-fallback/case-ipv6-only-on-ipv4-only-apn/ue-conforming', at('ipv6-only-on-ipv4-only-apn')],
    withoutAmf(),
  );
  t.is(eps.status, 'passed', `${failures(eps).join('; ')} ${eps.error ?? ''}`);
  t.is(fiveGs.status, 'skipped');
  t.regex(fiveGs.error ?? '', /amf/);
});

test('over 5GS, a UE that drops a granted IPv4v6 PDU session for IPv4 is flagged', async (t) => {
  const [r] = await runScenarios(at('dual-stack-on-dual-stack-apn'), loadTarget().target, 20, {
    'terminal/pdn-fallback': { ue: 'drop-to-ipv4' },
  });
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'ue');
  t.deepEqual(failures(r), [
    'terminal: PDU sessions held at the end: expected ["ipv4v6"], observed ["ipv4"]',
    'terminal: PDU session establishment requests sent: expected 1, observed 2',
    'terminal: IPv6 is used when granted (SLAAC, then echo): expected "echo reply over IPv6", observed "no IPv6-capable PDU session held"',
  ]);
});

test('over 5GS, an AMF that sets up no N2 resources for an accepted session fails the IPv6 use, naming the AMF', async (t) => {
  const [r] = await runAgainstFaulty('amf', at('ipv6-only-on-dual-stack-apn'), ['no-pdu-session-resources']);
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'amf');
  t.deepEqual(failures(r), [
    'terminal: IPv6 is used when granted (SLAAC, then echo): expected "echo reply over IPv6", observed "no N3 tunnel for the accepted PDU session"',
  ]);
});

test('over 5GS, an AMF that does not forward N1 SM fails the network side, naming the AMF', async (t) => {
  const [r] = await runAgainstFaulty('amf', at('ipv6-only-on-dual-stack-apn'), ['drop-n1-sm']);
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'amf');
  t.is(
    failures(r)[0],
    'network: outcome for ipv6 on DNN internet (declared ipv4v6): expected "accepted as ipv6", observed "not forwarded by the AMF: 5GMM cause #90 (Payload was not forwarded)"',
  );
});
