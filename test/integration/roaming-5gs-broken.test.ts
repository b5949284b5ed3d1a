import test from 'ava';
import { targetSchema } from '../../harness/lab/index.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { failures, runAgainstFaulty, runScenarios } from '../helpers/run-scenarios.ts';

/**
 * 5GS home-routed roaming (roaming/home-routed-5gs) passes against correct stand-ins, and each
 * element of the path that misbehaves is caught naming it: a V-SMF that hands the gNB the H-UPF's
 * N9 tunnel (no V-UPF in the path), an H-SMF that sends no RA, an H-UPF without N6, a V-UPF that
 * relays the downlink without the QFI, an H-SMF that never releases what the V-SMF forwards, a V-SMF
 * that releases without asking the H-SMF; a reject is the H-SMF's when its N16 Create answer was it.
 */
const SCENARIO = 'roaming/home-routed-5gs';

test('home-routed IPv6 and IPv4v6 PDU sessions pass against correct stand-ins, addresses from the home pools', async (t) => {
  const results = await runAgainstFaulty('vsmf', SCENARIO, []);
  t.is(results.length, 2);
  for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  // The 5GS rows of the roaming matrix (columns shared with roaming/visited-network).
  for (const [i, type] of (['ipv6', 'ipv4v6'] as const).entries())
    t.like(results[i].facts, {
      'visited network': '5GS V-SMF/V-UPF, PLMN 001-02 (home 001-01)',
      'UE profile': type,
      breakout: 'home-routed (N16/N9)',
      'PDN types held': type,
      'IPv6 end to end': 'yes',
      causes: `${type}: accepted`,
    });
  const names = results.flatMap((r) => r.checks.map((c) => c.name));
  t.true(names.includes('the UL N3 tunnel ends at the visited UPF (which relays over N9)'));
  // The UE's release went V-SMF → H-SMF (Update) and back (the H-SMF's Update with the release).
  for (const r of results) {
    t.true(
      r.checks.some(
        (c) => c.ok && c.name === "the V-SMF forwards the UE's release to the H-SMF (Nsmf_PDUSession_Update)",
      ),
    );
    t.true(r.checks.some((c) => c.ok && c.name.startsWith('the H-SMF releases its PDU session and tells the V-SMF')));
  }
  t.true(names.some((n) => n.startsWith("the UE's IPv4 address is from the home DNN's pool 198.51.100.64/26")));
});

test('a V-SMF that gives the gNB the H-UPF tunnel (no V-UPF on the path) fails naming the V-SMF', async (t) => {
  const [r] = await runAgainstFaulty('vsmf', `${SCENARIO}/type-ipv6`, ['hcn-on-n3']);
  t.is(r.status, 'failed');
  t.is(r.element, 'vsmf');
  t.regex(
    failures(r)[0],
    /^the UL N3 tunnel ends at the visited UPF \(which relays over N9\): expected "127\.0\.0\.\d+", observed "127\.0\.0\.\d+"$/,
  );
});

test('an H-SMF that sends no Router Advertisement fails naming the H-SMF', async (t) => {
  const [r] = await runAgainstFaulty('hsmf', `${SCENARIO}/type-ipv6`, ['no-ra']);
  t.is(r.status, 'failed');
  t.is(r.element, 'hsmf');
  t.regex(failures(r)[0], /^a Router Advertisement from the H-SMF answers the RS .*observed "no RA"$/);
});

test('an H-UPF that drops what goes to N6 fails the echo naming the H-UPF', async (t) => {
  const [r] = await runAgainstFaulty('hupf', `${SCENARIO}/type-ipv4v6`, ['no-n6']);
  t.is(r.status, 'failed');
  t.is(r.element, 'hupf');
  const f = failures(r);
  t.is(f.length, 2, f.join('; '));
  t.regex(
    f[0],
    /^ICMPv6 echo to 2001:db8:f000::6 through the H-UPF's N6 \(home-routed\): expected .*observed "no reply to /,
  );
  t.regex(f[1], /^ICMP echo from 198\.51\.100\.\d+ to 192\.0\.2\.4 through the H-UPF's N6/);
});

test('a V-UPF that relays the downlink without the PDU Session Container fails naming the V-UPF', async (t) => {
  const [r] = await runAgainstFaulty('vupf', `${SCENARIO}/type-ipv6`, ['no-qfi']);
  t.is(r.status, 'failed');
  t.is(r.element, 'vupf');
  t.regex(failures(r).join('; '), /relayed downlink G-PDUs on N3 carry the PDU Session Container/);
});

test('an H-SMF that acknowledges the N16 Update and never releases fails naming the H-SMF', async (t) => {
  const [r] = await runAgainstFaulty('hsmf', `${SCENARIO}/type-ipv6`, ['ignore-n16-update']);
  t.is(r.status, 'failed');
  t.is(r.element, 'hsmf');
  const f = failures(r);
  // The V-SMF releases on its own after waiting: the UE's release itself passes.
  t.is(f.length, 1, f.join('; '));
  t.regex(
    f[0],
    /^the H-SMF releases its PDU session and tells the V-SMF .*observed "Update answered 204, then no Update from the H-SMF within 2 s"$/,
  );
});

test('a V-SMF that answers the UE’s release itself, without the N16 Update, fails naming the V-SMF', async (t) => {
  const [r] = await runAgainstFaulty('vsmf', `${SCENARIO}/type-ipv6`, ['release-without-n16']);
  t.is(r.status, 'failed');
  t.is(r.element, 'vsmf');
  const f = failures(r);
  t.is(f.length, 1, f.join('; '));
  t.regex(
    f[0],
    /^the V-SMF forwards the UE's release to the H-SMF \(Nsmf_PDUSession_Update\): .*observed "no Update; N16: create 201/,
  );
});

test('a reject decided by the H-SMF names the H-SMF, one decided by the V-SMF names the V-SMF', async (t) => {
  const [h] = await runAgainstFaulty('hsmf', `${SCENARIO}/type-ipv6`, ['reject-all']);
  t.is(h.status, 'failed');
  t.is(h.element, 'hsmf');
  t.regex(
    failures(h)[0],
    /observed "PDU Session Establishment Reject #26 \(the H-SMF answered N16 Create 403 with n1smCause 1A\)"$/,
  );
  const [v] = await runAgainstFaulty('vsmf', `${SCENARIO}/type-ipv6`, ['reject-all']);
  t.is(v.status, 'failed');
  t.is(v.element, 'vsmf');
  t.regex(failures(v)[0], /observed "PDU Session Establishment Reject #26 \(no N16 Create seen\)"$/);
});

test('without the home network declared the scenario is skipped naming what to add, no element blamed', async (t) => {
  const base = loadTarget().target;
  const { hsmf, ...rest } = base.elements;
  const noHomePlmn = targetSchema.parse({
    ...base,
    elements: { ...base.elements, hsmf: { ...hsmf, homePlmn: undefined } },
  });
  const [a] = await runScenarios(`${SCENARIO}/type-ipv6`, noHomePlmn);
  t.is(a.status, 'skipped');
  t.is(a.element, undefined);
  t.regex(a.error ?? '', /elements\.hsmf\.homePlmn/);
  const noVamf = targetSchema.parse({
    ...base,
    elements: Object.fromEntries(Object.entries(rest).filter(([n]) => n !== 'vamf')),
  });
  const [b] = await runScenarios(`${SCENARIO}/type-ipv6`, noVamf);
  t.is(b.status, 'skipped');
  t.regex(b.error ?? '', /vamf/);
});
