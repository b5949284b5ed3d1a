import test from 'ava';
import { establishPduSession, releasePduSession, type TranscriptEntry } from '../../harness/drivers/gnb/index.ts';
import type { ApnConfig } from '../../harness/elements/common/apn-config.ts';
import { MM5G_MESSAGE_TYPES, type NasMessage, SM5G_MESSAGE_TYPES } from '../../harness/protocol/nas/index.ts';
import { MESSAGE_INFO } from '../../harness/protocol/ngap/index.ts';
import { frames, hex2, K, OPC, PLMN, withLab } from '../helpers/gnb-amf-lab.ts';
import { fieldAll } from '../helpers/tshark.ts';

/**
 * tshark reads every NGAP and NAS-5GS message the gNB+UE driver and the AMF stand-in send in a
 * registration with PDU sessions (NEA0, so the NAS inside protected messages is readable): no
 * malformed frame or expert error, the NGAP procedures and the 5GMM and 5GSM message types in our
 * transcript's order, and the PDU session types, 5GSM causes and PDU addresses we put in.
 */
const DNNS: Record<string, ApnConfig> = {
  internet: {
    pdnTypes: 'ipv4v6',
    singleAddressBearersOnly: false,
    prefer: 'ipv6',
    ipv6Pool: '2001:db8:800::/48',
    ipv4Pool: '198.51.100.128/25',
    dnsIpv6: ['2001:db8:53::1'],
    dnsIpv4: ['192.0.2.53'],
    mtu: 1400,
  },
  v4only: {
    pdnTypes: 'ipv4',
    singleAddressBearersOnly: false,
    prefer: 'ipv6',
    ipv6Pool: '2001:db8:810::/48',
    ipv4Pool: '203.0.113.128/25',
    dnsIpv6: [],
    dnsIpv4: ['192.0.2.53'],
    mtu: 1400,
  },
  // TS 24.501 §6.4.1.4.1: IPv4v6 only (#57 for IPv6 alone) and Unstructured only (#58 for any IP type).
  dualonly: {
    pdnTypes: 'ipv4v6',
    sessionTypeOnly: 'ipv4v6',
    singleAddressBearersOnly: false,
    prefer: 'ipv6',
    ipv6Pool: '2001:db8:840::/48',
    ipv4Pool: '192.0.2.0/26',
    dnsIpv6: [],
    dnsIpv4: [],
    mtu: 1400,
  },
  unstructured: {
    pdnTypes: 'ipv4v6',
    sessionTypeOnly: 'unstructured',
    singleAddressBearersOnly: false,
    prefer: 'ipv6',
    ipv6Pool: '2001:db8:850::/48',
    ipv4Pool: '192.0.2.128/26',
    dnsIpv6: [],
    dnsIpv4: [],
    mtu: 1400,
  },
};

test('registration, PDU sessions (IPv4v6, IPv4v6 on an IPv4 DNN → #50, IPv6 on it → reject #50, #57, #58), release, deregistration: tshark reads every NGAP and NAS-5GS message with our values', async (t) => {
  const sent: { sm: Extract<NasMessage, { protocol: '5gsm' }>[] } = { sm: [] };
  let transcript: TranscriptEntry[] = [];
  const { recorder, udpPort } = await withLab('udp', { ciphering: [0], dnns: DNNS }, async (gnb) => {
    t.is((await gnb.open()).kind, 'accepted');
    const ue = gnb.ue({ imsi: '001010000000001', homePlmn: PLMN, k: K, opc: OPC, suci: { scheme: 'null' } });
    t.is((await ue.register()).kind, 'registered');
    const dual = await establishPduSession(ue, { pduSessionId: 1, dnn: 'internet', type: 'ipv4v6' });
    t.like(dual, { kind: 'accepted', type: 'ipv4v6' });
    const fallback = await establishPduSession(ue, { pduSessionId: 2, dnn: 'v4only', type: 'ipv4v6' });
    t.like(fallback, { kind: 'accepted', type: 'ipv4', cause: 50 });
    const rejected = await establishPduSession(ue, { pduSessionId: 3, dnn: 'v4only', type: 'ipv6' });
    t.like(rejected, { kind: 'rejected', cause: 50 });
    const ipv4v6Only = await establishPduSession(ue, { pduSessionId: 4, dnn: 'dualonly', type: 'ipv6' });
    t.like(ipv4v6Only, { kind: 'rejected', cause: 57 });
    const unstructuredOnly = await establishPduSession(ue, { pduSessionId: 5, dnn: 'unstructured', type: 'ipv4v6' });
    t.like(unstructuredOnly, { kind: 'rejected', cause: 58 });
    t.like(await releasePduSession(ue, 1), { kind: 'released', cause: 36, n2Released: true });
    t.is((await ue.deregister()).kind, 'deregistered');
    transcript = ue.transcript ?? [];
    for (const e of ue.transcript ?? []) if (e.nas?.protocol === '5gsm') sent.sm.push(e.nas);
  });
  const f = await frames(recorder, udpPort, 'pdu-sessions');
  t.deepEqual(
    f.filter((x) => x.malformed || x.errors.length).map((x) => `${x.number}: ${x.errors.join('; ')}`),
    [],
  );
  const ngap = f.filter((x) => x.protocols.includes('ngap'));
  const code = (m: string) => String(MESSAGE_INFO.get(m)!.procedureCode);
  const procedures = ngap.flatMap((x) => fieldAll(x, 'ngap.procedureCode'));
  for (const m of [
    'PDUSessionResourceSetupRequest',
    'PDUSessionResourceSetupResponse',
    'PDUSessionResourceReleaseCommand',
    'PDUSessionResourceReleaseResponse',
  ])
    t.true(procedures.includes(code(m)), `${m} in the capture`);
  // Two sessions set up with N2 resources, one released: setup request and response twice, release once each.
  t.is(procedures.filter((p) => p === code('PDUSessionResourceSetupRequest')).length, 4);
  t.is(procedures.filter((p) => p === code('PDUSessionResourceReleaseCommand')).length, 2);
  // Every 5GSM message of the transcript (5 requests, 2 accepts, 3 rejects, release request/command/complete), in order, as tshark reads them.
  t.is(sent.sm.length, 13);
  t.deepEqual(
    ngap.flatMap((x) => fieldAll(x, 'nas_5gs.sm.message_type')),
    sent.sm.map((m) => hex2(SM5G_MESSAGE_TYPES[m.type as keyof typeof SM5G_MESSAGE_TYPES])),
  );
  t.true(transcript.length > 0);
  const smFrame = (type: keyof typeof SM5G_MESSAGE_TYPES, nth = 0) =>
    ngap.filter((x) => fieldAll(x, 'nas_5gs.sm.message_type').includes(hex2(SM5G_MESSAGE_TYPES[type])))[nth];
  // The requests' PDU session types (§9.11.4.11) and the accepts' selected types, causes and addresses.
  t.deepEqual(fieldAll(smFrame('pdu-session-establishment-request', 0), 'nas_5gs.sm.pdu_session_type'), ['3']);
  t.deepEqual(fieldAll(smFrame('pdu-session-establishment-request', 2), 'nas_5gs.sm.pdu_session_type'), ['2']);
  const accepts = sent.sm.filter((m) => m.type === 'pdu-session-establishment-accept') as Extract<
    NasMessage,
    { type: 'pdu-session-establishment-accept' }
  >[];
  const address = (i: number) =>
    accepts[i].ies.find((x) => x.ie === 'pdu-address')?.value as { ipv4?: string; interfaceIdentifier?: string };
  const a0 = smFrame('pdu-session-establishment-accept', 0);
  t.deepEqual(fieldAll(a0, 'nas_5gs.sm.pdu_session_type'), ['3']);
  t.deepEqual(fieldAll(a0, 'nas_5gs.sm.pdu_addr_inf_ipv4'), [address(0).ipv4]);
  const a1 = smFrame('pdu-session-establishment-accept', 1);
  t.deepEqual(fieldAll(a1, 'nas_5gs.sm.pdu_session_type'), ['1']);
  t.deepEqual(fieldAll(a1, 'nas_5gs.sm.5gsm_cause'), ['50']);
  t.deepEqual(fieldAll(a1, 'nas_5gs.sm.pdu_addr_inf_ipv4'), [address(1).ipv4]);
  t.deepEqual(fieldAll(smFrame('pdu-session-establishment-reject'), 'nas_5gs.sm.5gsm_cause'), ['50']);
  t.deepEqual(fieldAll(smFrame('pdu-session-establishment-reject', 1), 'nas_5gs.sm.5gsm_cause'), ['57']);
  t.deepEqual(fieldAll(smFrame('pdu-session-establishment-reject', 2), 'nas_5gs.sm.5gsm_cause'), ['58']);
  t.deepEqual(fieldAll(smFrame('pdu-session-release-command'), 'nas_5gs.sm.5gsm_cause'), ['36']);
  // The 5GMM messages around them too (UL/DL NAS Transport carry the 5GSM ones).
  const mm = ngap.flatMap((x) => fieldAll(x, 'nas_5gs.mm.message_type'));
  t.true(mm.includes(hex2(MM5G_MESSAGE_TYPES['ul-nas-transport'])));
  t.true(mm.includes(hex2(MM5G_MESSAGE_TYPES['dl-nas-transport'])));
});
