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
    'terminal: no request for a type the network ruled out (#50/#51/#57/#58): expected [], observed ["ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50","ipv4v6 after #50"]',
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

/**
 * Tethering (TS 23.501 §5.8.2.2.3-§5.8.2.2.4: the SMF is the DHCPv6 server, the UE's DHCPv6 reaching
 * it through the UPF as its RS does, the UPF routing the delegated prefix) and 464XLAT (the SMF's RA
 * carries PREF64, RFC 8781; the PLAT sits behind the UPF's N6) over 5GS. Serial, several scenarios
 * per lab, and a generous timeout on the waiting side: each starts an AMF, SMF and UPF.
 */
const TETHER = (mode: string) => `terminal/tethering/mode-${mode}/access-5gs`;
const XLAT = (discovery: string) => `terminal/464xlat/discovery-${discovery}/access-5gs`;

test.serial(
  'over 5GS, an SMF without PD_EXCLUDE and PREF64 fails those checks, naming the SMF; RFC 7050 discovery still works',
  async (t) => {
    const [pd, ra, dns] = await runAgainstFaulty(
      'smf',
      [TETHER('prefix-delegation'), XLAT('ra-pref64'), XLAT('rfc7050')],
      ['pd-no-exclude', 'ra-no-pref64'],
      40,
    );
    t.is(pd.status, 'failed', pd.error ?? '');
    t.is(pd.element, 'smf');
    t.deepEqual(failures(pd), [
      'PD_EXCLUDE names the PDU session\'s /64: expected "2001:db8:8800::/64", observed "no PD_EXCLUDE option"',
    ]);
    t.is(ra.status, 'failed', ra.error ?? '');
    t.is(ra.element, 'smf');
    t.deepEqual(failures(ra), [
      'Pref64 learned (RA PREF64 option): expected "2001:db8:64::/96", observed "no PREF64 option in the RA"',
    ]);
    t.is(dns.status, 'passed', `${failures(dns).join('; ')} ${dns.error ?? ''}`);
  },
);

test.serial(
  'over 5GS, a UPF that routes only the /64 of a delegated prefix fails the LAN host, naming the UPF',
  async (t) => {
    const [r] = await runAgainstFaulty('upf', TETHER('prefix-delegation'), ['ignore-ipv6-delegation'], 40);
    t.is(r.status, 'failed', r.error ?? '');
    t.is(r.element, 'upf');
    t.deepEqual(failures(r), [
      'a LAN host in the delegated prefix 2001:db8:8800:1::1 reaches 2001:db8:f000::6: expected "echo reply", observed "no reply (dropped by the network: the prefix is not routed to this PDU session)"',
    ]);
  },
);

test.serial(
  'over 5GS, a UPF that drops uplink toward N6 fails the /64 fallback and the PLAT path, naming the UPF',
  async (t) => {
    const [fallback, xlat] = await runAgainstFaulty('upf', [TETHER('no-delegation'), XLAT('ra-pref64')], ['no-n6'], 40);
    t.is(fallback.status, 'failed', fallback.error ?? '');
    t.is(fallback.element, 'upf');
    const f = failures(fallback);
    t.is(f.length, 1, f.join('\n'));
    t.regex(
      f[0],
      /^the fallback: a LAN host sharing the \/64 2001:db8:800:0:[0-9a-f:]+ reaches 2001:db8:f000::6: expected "echo reply", observed "no reply/,
    );
    t.is(xlat.status, 'failed', xlat.error ?? '');
    t.is(xlat.element, 'upf');
    t.deepEqual(failures(xlat), [
      'IPv4 echo to the IPv4-only host 192.0.2.4 through CLAT and PLAT: expected "echo reply", observed "no reply"',
      'IPv4 UDP echo from the IPv4-only host port 7: expected "v6harness 464xlat", observed "no answer"',
    ]);
  },
);

test.serial('over 5GS, an SMF that sends no RA fails /64 sharing at SLAAC, naming the SMF', async (t) => {
  const [r] = await runAgainstFaulty('smf', TETHER('64-sharing'), ['no-ra'], 40);
  t.is(r.status, 'failed', r.error ?? '');
  t.is(r.element, 'smf');
  t.deepEqual(failures(r), ['SLAAC: a global address from the RA: expected "a global address", observed "none"']);
});

test.serial(
  'over 5GS without an AMF in the target, tethering is skipped naming it; the EPS instance runs',
  async (t) => {
    const [eps, fiveGs] = await runScenarios(
      ['terminal/tethering/mode-64-sharing', TETHER('64-sharing')],
      withoutAmf(),
    );
    t.is(eps.status, 'passed', `${failures(eps).join('; ')} ${eps.error ?? ''}`);
    t.is(fiveGs.status, 'skipped');
    t.regex(fiveGs.error ?? '', /amf/);
  },
);

/**
 * #57/#58 (TS 24.501 §6.4.1.4.1): on a DNN allowing IPv4v6 only the UE asks for IPv4v6 after #57;
 * on an Unstructured-only DNN no IP type again after #58.
 */
const ONLY = (c: string) => `terminal/pdn-fallback/case-${c}/ue-conforming/access-5gs`;

test.serial('over 5GS, a UE that asks for the same type again after #57 and #58 is flagged', async (t) => {
  const [dual, unstructured] = await runScenarios(
    [ONLY('ipv6-first-on-ipv4v6-only-dnn'), ONLY('dual-stack-on-unstructured-only-dnn')],
    loadTarget().target,
    40,
    { 'terminal/pdn-fallback': { ue: 'retry-same-type' } },
  );
  t.is(dual.status, 'failed', dual.error ?? '');
  t.is(dual.element, 'ue');
  t.deepEqual(failures(dual), [
    'terminal: PDU sessions held at the end: expected ["ipv4v6"], observed []',
    'terminal: PDU session establishment requests sent: expected 2, observed 6',
    'terminal: no request for a type the network ruled out (#50/#51/#57/#58): expected [], observed ["ipv6 after #57","ipv6 after #57","ipv6 after #57","ipv6 after #57","ipv6 after #57"]',
    'terminal: IPv6 is used when granted (SLAAC, then echo): expected "echo reply over IPv6", observed "no IPv6-capable PDU session held"',
  ]);
  t.is(unstructured.status, 'failed', unstructured.error ?? '');
  t.is(unstructured.element, 'ue');
  t.deepEqual(failures(unstructured), [
    'terminal: PDU session establishment requests sent: expected 1, observed 6',
    'terminal: no request for a type the network ruled out (#50/#51/#57/#58): expected [], observed ["ipv4v6 after #58","ipv4v6 after #58","ipv4v6 after #58","ipv4v6 after #58","ipv4v6 after #58"]',
  ]);
});

test.serial(
  'over 5GS, an SMF that answers #50 where #57/#58 are due fails the network side, naming the SMF',
  async (t) => {
    const [dual, unstructured] = await runAgainstFaulty(
      'smf',
      [ONLY('ipv6-first-on-ipv4v6-only-dnn'), ONLY('dual-stack-on-unstructured-only-dnn')],
      ['cause-50-for-type-only'],
      40,
    );
    t.is(dual.status, 'failed', dual.error ?? '');
    t.is(dual.element, 'smf');
    t.is(
      failures(dual)[0],
      'network: outcome for ipv6 on DNN dualonly (declared ipv4v6): expected "PDU Session Establishment Reject #57 (PDU session type IPv4v6 only allowed)", observed "PDU Session Establishment Reject #50 (PDU session type IPv4 only allowed)"',
    );
    t.is(unstructured.status, 'failed', unstructured.error ?? '');
    t.is(unstructured.element, 'smf');
    t.is(
      failures(unstructured)[0],
      'network: outcome for ipv4v6 on DNN unstructured (declared ipv4v6): expected "PDU Session Establishment Reject #58 (PDU session type Unstructured only allowed)", observed "PDU Session Establishment Reject #50 (PDU session type IPv4 only allowed)"',
    );
  },
);
