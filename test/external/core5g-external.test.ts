import test from 'ava';
import { Amf } from '../../harness/elements/amf/index.ts';
import { targetSchema } from '../../harness/lab/index.ts';
import { apnPolicySchema } from '../../harness/lab/target.ts';
import { homeNetworkPublicKey } from '../../harness/protocol/crypto5g/index.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { amfOptions, KEY_A, KEY_B } from '../helpers/gnb-amf-lab.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';

/**
 * The core5g scenarios against an AMF the harness did not start (kind: external), with nothing
 * but what its target entry declares: address, SCTP port and transport, PLMN, TAC, slices, the
 * SUCI home network public keys, the subscribers' K/OPc and the DNNs. The DUT here is our AMF
 * stand-in run beside the lab, as a separate element would be; what is not declared makes the
 * scenario skip, naming the missing key. In test/external (one file at a time, after the main pass):
 * toward an external AMF the gNB receives G-PDUs on 2152, which an in-process lab of a parallel file
 * may hold (seen in CI: "GTP-U port 2152 on [::1] is taken").
 */
const DNNS = {
  internet: { pdnTypes: 'ipv4v6', ipv6Pool: '2001:db8:900::/48', ipv4Pool: '198.51.100.0/25' },
  v6only: { pdnTypes: 'ipv6', ipv6Pool: '2001:db8:910::/48' },
};

async function withExternalAmf(body: (declared: Record<string, unknown>) => Promise<void>): Promise<void> {
  const dnns = Object.fromEntries(Object.entries(DNNS).map(([n, d]) => [n, apnPolicySchema.parse(d)]));
  const amf = new Amf(amfOptions('udp', { dnns }));
  await amf.start();
  try {
    await body({
      kind: 'external',
      address: '::1',
      port: amf.endpoint.port,
      sctp: 'udp',
      sctpUdpPort: amf.udpPort,
      homePlmn: '001-01',
      tac: 1,
      slices: [{ sst: 1 }],
      suciKeys: [
        { id: 1, profile: 'A', publicKey: homeNetworkPublicKey('A', KEY_A).toString('hex') },
        { id: 2, profile: 'B', publicKey: homeNetworkPublicKey('B', KEY_B).toString('hex') },
      ],
      subscribers: {
        '001010000000001': { k: '465b5ce8b199b49faa5f0a2ee238a6bc', opc: 'cd63cb71954a9f4e48a5994e37a02baf' },
      },
      dnns: DNNS,
    });
  } finally {
    await amf.stop();
  }
}

const targetWith = (amf: Record<string, unknown>) => {
  const base = loadTarget().target;
  return targetSchema.parse({ ...base, name: 'external amf', elements: { amf } });
};

test('core5g registration and PDU sessions pass against an external AMF from its declarations alone', async (t) => {
  await withExternalAmf(async (declared) => {
    const results = [
      ...(await runScenarios('core5g/registration', targetWith(declared))),
      ...(await runScenarios('core5g/pdu-session', targetWith(declared))),
    ];
    t.is(results.length, 6);
    for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  });
});

test('what an external AMF does not declare makes the scenario skip, naming the key', async (t) => {
  await withExternalAmf(async (declared) => {
    const { suciKeys: _k, subscribers: _s, dnns: _d, ...bare } = declared;
    const [noSubscribers] = await runScenarios('core5g/registration/suci-null', targetWith(bare));
    t.is(noSubscribers.status, 'skipped');
    t.regex(noSubscribers.error ?? '', /elements\.amf\.subscribers: \{ IMSI: \{ k, opc \} \}/);
    const withSubscribers = { ...bare, subscribers: declared.subscribers };
    const [noKey] = await runScenarios('core5g/registration/suci-profile-b', targetWith(withSubscribers));
    t.is(noKey.status, 'skipped');
    t.regex(noKey.error ?? '', /no SUCI home network key of profile B \(suciKeys: /);
    const [noDnn] = await runScenarios('core5g/pdu-session/type-ipv6', targetWith(withSubscribers));
    t.is(noDnn.status, 'skipped');
    t.regex(noDnn.error ?? '', /declares no DNN for the AMF \(elements\.amf\.dnns\)/);
  });
});
