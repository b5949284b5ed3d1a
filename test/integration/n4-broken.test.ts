import test from 'ava';
import { Upf } from '../../harness/elements/upf/index.ts';
import { targetSchema } from '../../harness/lab/index.ts';
import { GTPU_PORT } from '../../harness/protocol/gtpu/index.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { failures, runAgainstFaulty, runScenarios } from '../helpers/run-scenarios.ts';

/**
 * The N4/N3 scenarios (core5g/n4-*, core5g/n3-error-indication) pass against the correct UPF
 * stand-in and catch each deliberate fault, naming the UPF.
 */
const names = (rs: { checks: { ok: boolean; name: string }[] }[]) =>
  rs.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => c.name));

test('the N4 association scenario passes against the correct UPF stand-in, restart included', async (t) => {
  const [r] = await runAgainstFaulty('upf', 'core5g/n4-association', [], 40);
  t.is(r.status, 'passed', failures(r).join('; ') + (r.error ?? ''));
  t.true(r.checks.some((c) => c.name === 'after a restart the Heartbeat carries a newer Recovery Time Stamp' && c.ok));
});

test('a UPF that accepts sessions without an association is caught', async (t) => {
  const [r] = await runAgainstFaulty('upf', 'core5g/n4-association', ['no-association-check'], 40);
  t.is(r.status, 'failed');
  t.is(r.element, 'upf');
  t.deepEqual(failures(r), [
    'a session request before Association Setup is refused: expected "72 No established PFCP Association", observed "1 Request accepted (success)"',
  ]);
});

test('a UPF whose Recovery Time Stamp does not change on restart is caught', async (t) => {
  const [r] = await runAgainstFaulty('upf', 'core5g/n4-association', ['fixed-recovery-time-stamp'], 40);
  t.is(r.status, 'failed');
  t.is(r.element, 'upf');
  t.deepEqual(names([r]), ['after a restart the Heartbeat carries a newer Recovery Time Stamp']);
});

test('a UPF that keeps the sessions of a released association is caught', async (t) => {
  const [r] = await runAgainstFaulty('upf', 'core5g/n4-association', ['keep-sessions-on-release'], 40);
  t.is(r.status, 'failed');
  t.is(r.element, 'upf');
  t.deepEqual(names([r]), ['the session of the released association is gone: Session context not found']);
});

test('the SMF restart scenario passes against the correct UPF stand-in', async (t) => {
  const [r] = await runAgainstFaulty('upf', 'core5g/n4-smf-restart', [], 40);
  t.is(r.status, 'passed', failures(r).join('; ') + (r.error ?? ''));
  t.true(r.checks.some((c) => c.name.startsWith('the session from before the SMF restart is gone') && c.ok));
});

test('a UPF that keeps the sessions of an SMF that restarted and associated again is caught', async (t) => {
  const [r] = await runAgainstFaulty('upf', 'core5g/n4-smf-restart', ['keep-sessions-on-smf-restart'], 40);
  t.is(r.status, 'failed', r.error);
  t.is(r.element, 'upf');
  t.deepEqual(failures(r), [
    'the session from before the SMF restart is gone: Session context not found: expected "65 Session context not found", observed "1 Request accepted (success)"',
  ]);
});

test('a silent UPF fails with no response, naming the UPF', async (t) => {
  const [r] = await runAgainstFaulty('upf', 'core5g/n4-association', ['silent'], 60);
  t.is(r.status, 'failed');
  t.is(r.element, 'upf');
  t.regex(failures(r)[0], /^a session request before Association Setup is refused: .*observed "no response"$/);
});

test('the N4 session scenario passes for every PDU session type, SMF- and UPF-allocated addresses', async (t) => {
  const rs = await runAgainstFaulty('upf', 'core5g/n4-session', [], 40);
  t.is(rs.length, 6);
  for (const r of rs) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')}${r.error ?? ''}`);
  const v6 = rs.find((r) => r.id === 'core5g/n4-session/pdusessiontype-ipv6/ueaddress-smf');
  t.true(v6?.checks.some((c) => c.name === 'RA from the SMF reaches the UE through the UPF with the /64' && c.ok));
});

test('UPF faults on the session path are caught by the N4 session scenario, naming the UPF', async (t) => {
  const cases: [string, string, string[]][] = [
    [
      'no-f-teid',
      'core5g/n4-session/pdusessiontype-ipv6/ueaddress-smf',
      ['Created PDR carries the N3 F-TEID the UPF chose (CH)'],
    ],
    [
      'no-ue-ip-choose',
      'core5g/n4-session/pdusessiontype-ipv4v6/ueaddress-upf',
      ['Created PDR carries the UE IP address the UPF chose (CHV6/CHV4)'],
    ],
    [
      'no-rs-forwarding',
      'core5g/n4-session/pdusessiontype-ipv6/ueaddress-smf',
      [
        "the UPF forwards the UE's Router Solicitation to the SMF over N4-u",
        'RA from the SMF reaches the UE through the UPF with the /64',
      ],
    ],
    [
      'wrong-qfi',
      'core5g/n4-session/pdusessiontype-ipv6/ueaddress-smf',
      ['downlink G-PDUs carry the QoS flow QFI in the PDU Session Container'],
    ],
    [
      'no-qfi',
      'core5g/n4-session/pdusessiontype-ipv4/ueaddress-smf',
      ['downlink G-PDUs carry the QoS flow QFI in the PDU Session Container'],
    ],
    [
      'no-n6',
      'core5g/n4-session/pdusessiontype-ipv4v6/ueaddress-smf',
      ['IPv6 echo to the internet host through N6 answered', 'IPv4 echo to the internet host through N6 answered'],
    ],
    [
      'ignore-update-far',
      'core5g/n4-session/pdusessiontype-ipv4/ueaddress-upf',
      [
        'IPv4 echo to the internet host through N6 answered',
        'downlink G-PDUs carry the QoS flow QFI in the PDU Session Container',
      ],
    ],
    [
      'ignore-gate-status',
      'core5g/n4-session/pdusessiontype-ipv6/ueaddress-upf',
      ['with the uplink gate closed the echo is not forwarded'],
    ],
    [
      'keep-deleted-sessions',
      'core5g/n4-session/pdusessiontype-ipv6/ueaddress-upf',
      ['the deleted session is gone: Session context not found'],
    ],
  ];
  for (const [fault, id, expected] of cases) {
    const [r] = await runAgainstFaulty('upf', id, [fault], 40);
    t.is(r?.status, 'failed', `${fault}: ${r?.status}`);
    t.is(r?.element, 'upf', fault);
    t.deepEqual(names([r]), expected, fault);
  }
});

test('the N3 Error Indication scenario passes against the correct UPF and catches one that sends none', async (t) => {
  const [ok] = await runAgainstFaulty('upf', 'core5g/n3-error-indication', [], 40);
  t.is(ok.status, 'passed', failures(ok).join('; ') + (ok.error ?? ''));
  const [r] = await runAgainstFaulty('upf', 'core5g/n3-error-indication', ['no-error-indication'], 40);
  t.is(r.status, 'failed');
  t.is(r.element, 'upf');
  t.deepEqual(names([r]), [
    'Error Indication for a G-PDU to a TEID the UPF never allocated',
    'Error Indication for a G-PDU to the N3 TEID of a deleted PDU session',
  ]);
});

test('the UE-to-UE scenario passes against the correct UPF and catches one that sends such packets out of N6', async (t) => {
  const [ok] = await runAgainstFaulty('upf', 'core5g/n4-ue-to-ue', [], 40);
  t.is(ok.status, 'passed', failures(ok).join('; ') + (ok.error ?? ''));
  const [r] = await runAgainstFaulty('upf', 'core5g/n4-ue-to-ue', ['no-ue-to-ue'], 40);
  t.is(r.status, 'failed');
  t.is(r.element, 'upf');
  t.deepEqual(names([r]), [
    'IPv6 echo from one UE to the other through the UPF answered',
    'IPv4 echo from one UE to the other through the UPF answered',
  ]);
});

test('a UPF that keeps deleted sessions answers the G-PDU instead of an Error Indication: caught', async (t) => {
  const [r] = await runAgainstFaulty('upf', 'core5g/n3-error-indication', ['keep-deleted-sessions'], 40);
  t.is(r.status, 'failed');
  t.is(r.element, 'upf');
  t.deepEqual(names([r]), ['Error Indication for a G-PDU to the N3 TEID of a deleted PDU session']);
});

/**
 * Against an external UPF the scenarios use nothing but the target's declaration: the UPF stand-in
 * is started here as the DUT (GTP-U on 2152 of its own loopback address, as a real UPF has it),
 * and the target names only its address, PFCP port and DNN. Without the DNN they are skipped with
 * the missing key named; the restart half is not run (the lab cannot restart an external DUT).
 */
test('the N4 scenarios run against an external UPF from its declaration alone, and skip naming a missing DNN', async (t) => {
  const base = loadTarget().target;
  const address = `127.77.${1 + (process.pid % 200)}.${1 + Math.floor(Math.random() * 250)}`;
  const dnns = { internet: base.elements.upf.kind === 'standin' ? base.elements.upf.dnns.internet : undefined };
  const dut = new Upf({
    address,
    port: 0,
    userPlanePort: GTPU_PORT,
    faults: [],
    dnns: { internet: dnns.internet! },
    internet: base.internet,
  });
  await dut.start();
  try {
    const target = (declared: boolean) =>
      targetSchema.parse({
        ...base,
        name: 'external upf',
        elements: {
          upf: { kind: 'external', address, port: dut.endpoint.port, ...(declared ? { dnns } : {}) },
        },
      });
    const rs: Awaited<ReturnType<typeof runScenarios>> = [];
    for (const id of [
      'core5g/n4-association',
      'core5g/n4-smf-restart',
      'core5g/n4-session',
      'core5g/n4-ue-to-ue',
      'core5g/n3-error-indication',
    ])
      rs.push(...(await runScenarios(id, target(true), 40)));
    t.is(rs.length, 10);
    for (const r of rs) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')}${r.error ?? ''}`);
    const restart = rs.find((r) => r.id === 'core5g/n4-association');
    t.false(restart?.checks.some((c) => c.name.startsWith('after a restart')));
    const skipped = await runScenarios('core5g/n4-session/pdusessiontype-ipv6/ueaddress-smf', target(false), 40);
    t.is(skipped[0].status, 'skipped');
    t.regex(skipped[0].error ?? '', /elements\.upf\.dnns\.internet/);
  } finally {
    await dut.stop();
  }
});
