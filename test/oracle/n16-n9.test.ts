import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { establishPduSession, releasePduSession } from '../../harness/drivers/gnb/index.ts';
import type { ApnConfig } from '../../harness/elements/common/apn-config.ts';
import { Smf } from '../../harness/elements/smf/index.ts';
import { Upf } from '../../harness/elements/upf/index.ts';
import { N9Uplink } from '../../harness/elements/upf/n9.ts';
import type { Pdr } from '../../harness/elements/upf/rules.ts';
import type { N4Session } from '../../harness/elements/upf/sessions.ts';
import { encodeIpPacket, routerSolicitation } from '../../harness/protocol/ip/index.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { withLab } from '../helpers/gnb-amf-lab.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { TcpRecorder } from '../helpers/tcp-recorder.ts';
import { dissect, type Frame, field, fieldAll, udp, writePcap } from '../helpers/tshark.ts';

/**
 * tshark reads the home-routed roaming legs as the stand-ins speak them: N16 (V-SMF → H-SMF,
 * TS 29.502 §5.2.2.7 over h2c, multipart/related with the N1 SM parts) relayed through a recorder,
 * and the V-UPF's N9 uplink G-PDU (TS 29.281 with the PDU Session Container of an uplink, TS 38.415
 * §5.5.2.2). No frame is malformed; the paths, statuses, JSON attribute names, the QoS rules in
 * JSON and the container's PDU type and QFI are what we sent.
 */
const DNNS: Record<string, ApnConfig> = {
  internet: {
    pdnTypes: 'ipv4v6',
    singleAddressBearersOnly: false,
    prefer: 'ipv6',
    ipv6Pool: '2001:db8:5900::/48',
    ipv4Pool: '198.51.100.64/26',
    dnsIpv6: ['2001:db8:53::1'],
    dnsIpv4: ['192.0.2.53'],
    mtu: 1400,
  },
  v4only: {
    pdnTypes: 'ipv4',
    singleAddressBearersOnly: false,
    prefer: 'ipv6',
    ipv6Pool: '2001:db8:5910::/48',
    ipv4Pool: '203.0.113.128/25',
    dnsIpv6: [],
    dnsIpv4: ['192.0.2.53'],
    mtu: 1400,
  },
};

test('N16 Create (accepted and rejected) and the Update of a UE-requested release: tshark reads the V-SMF → H-SMF HTTP/2 with its N1 SM parts', async (t) => {
  const ports = new Map<string, number>();
  const errors: string[] = [];
  const hUpf = new Upf({ address: '::1', port: 0, userPlanePort: 0, faults: [], dnns: {} });
  const vUpf = new Upf({
    address: '::1',
    port: 0,
    userPlanePort: 0,
    faults: [],
    dnns: {},
    n9Port: () => ports.get('h'),
  });
  await hUpf.start();
  await vUpf.start();
  ports.set('h', hUpf.userPlane.endpoint.port);
  const hSmf = new Smf({
    address: '::1',
    role: 'h-smf',
    upf: { ...hUpf.endpoint, userPlanePort: hUpf.userPlane.endpoint.port },
    dnns: DNNS,
    onError: (e) => errors.push(`hsmf: ${(e as Error).message}`),
  });
  await hSmf.start();
  const relay = new TcpRecorder({ host: '::1', port: hSmf.endpoint.port });
  await relay.listen();
  const vSmf = new Smf({
    address: '::1',
    role: 'v-smf',
    hSmf: `http://[::1]:${relay.port}`,
    upf: { ...vUpf.endpoint, userPlanePort: vUpf.userPlane.endpoint.port },
    dnns: {},
    onError: (e) => errors.push(`vsmf: ${(e as Error).message}`),
  });
  await vSmf.start();
  try {
    await withLab('udp', { smf: vSmf.apiRoot }, async (gnb) => {
      t.is((await gnb.open()).kind, 'accepted');
      const ue = gnb.ue({
        imsi: '001010000000001',
        homePlmn: { mcc: '001', mnc: '01' },
        k: Buffer.from('465b5ce8b199b49faa5f0a2ee238a6bc', 'hex'),
        opc: Buffer.from('cd63cb71954a9f4e48a5994e37a02baf', 'hex'),
        suci: { scheme: 'null' },
      });
      t.is((await ue.register()).kind, 'registered');
      t.like(await establishPduSession(ue, { pduSessionId: 1, dnn: 'internet', type: 'ipv4v6' }), {
        kind: 'accepted',
        type: 'ipv4v6',
      });
      t.like(await establishPduSession(ue, { pduSessionId: 2, dnn: 'v4only', type: 'ipv6' }), {
        kind: 'rejected',
        cause: 50,
      });
      t.like(await releasePduSession(ue, 1, { cause: 36 }), { kind: 'released', cause: 36, n2Released: true });
      // The H-SMF releases on the V-SMF's Update (TS 23.502 §4.3.4.3): wait for it to hold no session.
      for (let i = 0; i < 100 && hSmf.contexts.count > 0; i++) await new Promise((r) => setTimeout(r, 20));
      t.is(hSmf.contexts.count, 0, 'the H-SMF still holds the PDU session after the release');
      // Neither SMF logged an error: the V-UPF took the uplink stop (§4.3.4.3 step 1a), N16 went as it should.
      t.deepEqual(errors, []);
    });
  } finally {
    await vSmf.stop();
    await relay.close();
    await hSmf.stop();
    await Promise.all([vUpf.stop(), hUpf.stop()]);
  }
  const frames = await dissect(writePcap(relay.packets(), 'n16'), { decodeAs: [`tcp.port==${relay.port},http2`] });
  t.deepEqual(
    frames.filter((f) => f.malformed || f.errors.length).map((f) => `${f.number}: ${f.errors.join('; ')}`),
    [],
  );
  const all = (name: string) => frames.flatMap((f: Frame) => fieldAll(f, name));
  const paths = all('http2.headers.path');
  t.deepEqual(
    paths.map((p) => p.replace(/pdu-sessions\/[^/]+\//, 'pdu-sessions/{ref}/')),
    [
      '/nsmf-pdusession/v1/pdu-sessions',
      '/nsmf-pdusession/v1/pdu-sessions',
      '/nsmf-pdusession/v1/pdu-sessions/{ref}/modify',
    ],
  );
  t.deepEqual(all('http2.headers.status'), ['201', '403', '204']);
  const keys = all('json.member_with_value').concat(all('json.key'));
  for (const k of [
    'vsmfId',
    'vsmfPduSessionUri',
    'vcnTunnelInfo',
    'gtpTeid',
    'n1SmInfoFromUe',
    'servingNetwork',
    'pduSessionType',
    'sscMode',
    'hcnTunnelInfo',
    'ueIpv6Prefix',
    'ueIpv4Address',
    'n1SmInfoToUe',
    'n1smCause',
    'requestIndication',
  ])
    t.true(
      keys.some((x) => x === k || x.startsWith(`${k}:`)),
      `${k} not in ${[...new Set(keys)].join(', ')}`,
    );
  // The QoS rules of the accept travel in JSON (qosFlowsSetupList.qosRules, base64 of TS 24.501
  // §9.11.4.13): tshark's NAS-5GS dissector reads them as the rule of the default QoS flow.
  t.deepEqual(all('nas_5gs.sm.qfi'), ['1']);
  t.deepEqual(all('nas_5gs.sm.qos_rule_id'), ['1']);
  t.true(all('nas_5gs.sm.dqr').includes('1'), 'the default QoS rule flag');
  // n1SmInfoFromUe/n1SmInfoToUe carry N1 SM IEs without the 5GSM header (TS 29.502 §5.2.3.x);
  // tshark dissects a vnd.3gpp.5gnas part as a whole message, so it reads IEs only partly (the
  // UE's SSC mode IE) and nothing of it as malformed (checked above).
  t.true(all('nas_5gs.sm.sc_mode').includes('1'), 'the SSC mode IE of n1SmInfoFromUe');
  // The Update of the UE's release (TS 29.502 §5.2.2.8.2): UE_REQ_PDU_SES_REL and the Release
  // Request's 5GSM cause #36 in n1SmInfoFromUe (which tshark reads as a 5GSM cause IE).
  t.true(all('json.value.string').includes('UE_REQ_PDU_SES_REL'), 'requestIndication UE_REQ_PDU_SES_REL');
  // tshark dissects the vnd.3gpp.5gnas part as a whole 5GSM message, so the IE is read from the body's bytes.
  const upd = frames.find((f) => fieldAll(f, 'json.value.string').includes('UE_REQ_PDU_SES_REL'));
  t.deepEqual(upd && fieldAll(upd, 'mime_multipart.header.content-type'), [
    'application/json',
    'application/vnd.3gpp.5gnas',
  ]);
  const body = Buffer.from((upd && field(upd, 'http2.data.data'))?.replaceAll(':', '') ?? '', 'hex').toString('latin1');
  t.regex(body, /Content-Id: N1SmMessage\r\n\r\n\x59\x24\r\n/, 'the UE’s 5GSM cause #36 (IEI 0x59) in n1SmInfoFromUe');
});

test('N9 uplink: tshark reads the V-UPF G-PDU with the UL PDU Session Container, its QFI and the UE’s packet', async (t) => {
  const sent: Buffer[] = [];
  const n9 = new N9Uplink((data) => sent.push(Buffer.from(data)));
  const s = { qers: new Map([[1, { id: 1, qfi: 9, gateUlOpen: true, gateDlOpen: true }]]) } as unknown as N4Session;
  const pdr = { id: 1, qerIds: [1] } as unknown as Pdr;
  const rs = encodeIpPacket(routerSolicitation('fe80::5'));
  n9.forward(s, pdr, { teid: 0x1234abcd, address: '127.0.0.42' }, rs);
  t.is(sent.length, 1);
  const frames = await dissect(
    writePcap([udp(sent[0], { address: '127.0.0.41', port: 2152 }, { address: '127.0.0.42', port: 2152 })], 'n9'),
  );
  t.is(frames.length, 1);
  const f = frames[0];
  t.false(f.malformed, f.errors.join('; '));
  t.deepEqual(f.errors, []);
  t.is(field(f, 'gtp.teid'), '0x1234abcd');
  t.is(field(f, 'gtp.ext_hdr.pdu_ses_con.pdu_type'), '1');
  t.is(Number(field(f, 'gtp.ext_hdr.pdu_ses_con.qos_flow_id')), 9);
  t.is(field(f, 'icmpv6.type'), '133');
});

test('the scenario’s own pcap shows N16 both ways (Create, the V-SMF’s Update, the H-SMF’s Update with the release) and N9 G-PDUs each way, nothing malformed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'n16-pcap-'));
  try {
    const [r] = await runScenarios('roaming/home-routed-5gs/type-ipv6', loadTarget().target, 30, {}, dir);
    t.is(r.status, 'passed', `${failures(r).join('; ')} ${r.error ?? ''}`);
    const pcap = r.artifacts?.find((a) => a.endsWith('.pcap'));
    if (!pcap) return t.fail('the scenario wrote no pcap');
    const path = join(dir, pcap);
    // The SBI servers' ports (where the recorded connections' SYNs go), for tshark's HTTP/2 decode-as.
    const first = await dissect(path);
    const syns = first.filter((f) => field(f, 'tcp.flags.syn') === '1' && field(f, 'tcp.flags.ack') === '0');
    t.true(syns.length >= 2, `N16 connections each way (${syns.length} SYNs)`);
    const servers = new Set(syns.map((f) => field(f, 'tcp.dstport')));
    // GTP-U on ports other than 2152 (taken by a parallel test): the UDP ports of undissected G-PDUs
    // (version 1, PT 1, message type 255: TS 29.281 §5.1).
    const gtpPorts = new Set(
      first
        .filter((f) => /^3[0-7]:ff:/.test(field(f, 'data.data') ?? '') && field(f, 'udp.dstport') !== '2152')
        .flatMap((f) => [field(f, 'udp.srcport'), field(f, 'udp.dstport')]),
    );
    const frames = await dissect(path, {
      decodeAs: [...[...servers].map((p) => `tcp.port==${p},http2`), ...[...gtpPorts].map((p) => `udp.port==${p},gtp`)],
    });
    t.deepEqual(
      frames.filter((f) => f.malformed || f.errors.length).map((f) => `${f.number}: ${f.errors.join('; ')}`),
      [],
    );
    const all = (name: string) => frames.flatMap((f: Frame) => fieldAll(f, name));
    t.deepEqual(
      all('http2.headers.path').map((p) => p.replace(/sessions\/[^/]+\//, 'sessions/{ref}/')),
      [
        '/nsmf-pdusession/v1/pdu-sessions',
        '/nsmf-pdusession/v1/pdu-sessions/{ref}/modify',
        '/nsmf-pdusession/v1/vsmf-pdu-sessions/{ref}/modify',
      ],
    );
    t.deepEqual(all('http2.headers.status'), ['201', '204', '204']);
    // The attributes as the SMFs set them: both Updates' requestIndication, the H-SMF's n1smCause #36.
    t.deepEqual(
      all('json.value.string').filter((v) => v.endsWith('_PDU_SES_REL')),
      ['UE_REQ_PDU_SES_REL', 'UE_REQ_PDU_SES_REL'],
    );
    const keys = all('json.member_with_value');
    t.true(keys.includes('n1smCause:24'), keys.filter((k) => k.startsWith('n1')).join(', '));
    t.true(all('json.key').includes('n1SmInfoFromUe'), 'n1SmInfoFromUe with the UE’s Release Request IEs');
    // N9 (TS 29.281 between the V-UPF and the H-UPF): the V-UPF is where UL G-PDUs (container PDU
    // type 1) arrive and leave again; its UL goes to the H-UPF, and the H-UPF's DL comes back.
    const gpdus = frames
      .filter((f) => f.protocols.includes('gtp') && field(f, 'gtp.message') === '0xff')
      .map((f) => ({
        src: field(f, 'ip.src'),
        dst: field(f, 'ip.dst'),
        type: field(f, 'gtp.ext_hdr.pdu_ses_con.pdu_type'),
        qfi: field(f, 'gtp.ext_hdr.pdu_ses_con.qos_flow_id'),
      }));
    const ul = gpdus.filter((g) => g.type === '1');
    const vUpf = ul.find((a) => ul.some((b) => b.src === a.dst))?.dst;
    const n9Ul = ul.filter((g) => g.src === vUpf);
    const hUpf = n9Ul[0]?.dst;
    const n9Dl = gpdus.filter((g) => g.src === hUpf && g.dst === vUpf && g.type === '0');
    t.true(n9Ul.length > 0 && n9Dl.length > 0, `N9 G-PDUs each way: ${n9Ul.length} up, ${n9Dl.length} down`);
    t.true(
      n9Ul.every((g) => Number(g.qfi) > 0),
      'the UL PDU Session Container of every N9 uplink G-PDU carries the QFI',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
