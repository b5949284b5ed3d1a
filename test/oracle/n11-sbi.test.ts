import test from 'ava';
import { establishPduSession, releasePduSession } from '../../harness/drivers/gnb/index.ts';
import type { ApnConfig } from '../../harness/elements/common/apn-config.ts';
import { Smf } from '../../harness/elements/smf/index.ts';
import { Upf } from '../../harness/elements/upf/index.ts';
import { SM5G_MESSAGE_TYPES } from '../../harness/protocol/nas/index.ts';
import { hex2, withLab } from '../helpers/gnb-amf-lab.ts';
import { TcpRecorder } from '../helpers/tcp-recorder.ts';
import { dissect, type Frame, fieldAll, writePcap } from '../helpers/tshark.ts';

/**
 * tshark reads N11 as the AMF stand-in and the SMF stand-in speak it (TS 29.502 over HTTP/2 h2c,
 * multipart/related with N1 and N2 parts, TS 29.500 §6.1.2.4): the AMF → SMF connection is relayed
 * through a recorder and rebuilt as TCP segments. Every frame decodes without error; the :path of
 * each request is an Nsmf_PDUSession resource; the JSON parts carry the TS 29.502 attribute names;
 * the N1 parts are handed to tshark's NAS-5GS dissector (5GSM types in the order the flow has them)
 * and the N2 parts to NGAP.
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
};

test('Create SM Context (accepted and rejected), Update with PDU_RES_SETUP_RSP, UE-requested release: tshark reads the N11 HTTP/2 with its multipart N1/N2 parts', async (t) => {
  const upf = new Upf({ address: '::1', port: 0, userPlanePort: 0, faults: [], dnns: DNNS });
  await upf.start();
  const smf = new Smf({
    address: '::1',
    upf: { ...upf.endpoint, userPlanePort: upf.userPlane.endpoint.port },
    dnns: DNNS,
  });
  await smf.start();
  const relay = new TcpRecorder({ host: '::1', port: smf.endpoint.port });
  await relay.listen();
  try {
    await withLab('udp', { smf: `http://[::1]:${relay.port}` }, async (gnb) => {
      t.is((await gnb.open()).kind, 'accepted');
      const ue = gnb.ue({
        imsi: '001010000000001',
        homePlmn: { mcc: '001', mnc: '01' },
        k: Buffer.from('465b5ce8b199b49faa5f0a2ee238a6bc', 'hex'),
        opc: Buffer.from('cd63cb71954a9f4e48a5994e37a02baf', 'hex'),
        suci: { scheme: 'null' },
      });
      t.is((await ue.register()).kind, 'registered');
      t.like(await establishPduSession(ue, { pduSessionId: 1, dnn: 'internet', type: 'ipv6' }), {
        kind: 'accepted',
        type: 'ipv6',
      });
      t.like(await establishPduSession(ue, { pduSessionId: 2, dnn: 'v4only', type: 'ipv6' }), {
        kind: 'rejected',
        cause: 50,
      });
      t.like(await releasePduSession(ue, 1), { kind: 'released', cause: 36, n2Released: true });
    });
  } finally {
    await relay.close();
    await smf.stop();
    await upf.stop();
  }
  const path = writePcap(relay.packets(), 'n11');
  const frames = await dissect(path, { decodeAs: [`tcp.port==${relay.port},http2`] });
  t.deepEqual(
    frames.filter((f) => f.malformed || f.errors.length).map((f) => `${f.number}: ${f.errors.join('; ')}`),
    [],
  );
  const all = (name: string) => frames.flatMap((f: Frame) => fieldAll(f, name));
  const paths = all('http2.headers.path');
  t.true(paths.length >= 4, paths.join(', '));
  t.true(paths.includes('/nsmf-pdusession/v1/sm-contexts'), paths.join(', '));
  t.true(
    paths.some((p) => /^\/nsmf-pdusession\/v1\/sm-contexts\/[^/]+\/modify$/.test(p)),
    paths.join(', '),
  );
  // 201 Created, 403 with the reject, 200 to the modifies, 204 to release complete and PDU_RES_REL_RSP.
  t.deepEqual([...new Set(all('http2.headers.status'))].sort(), ['200', '201', '204', '403']);
  // The JSON roots carry TS 29.502's attribute names.
  const keys = all('json.member_with_value').concat(all('json.key'));
  for (const k of ['supi', 'pduSessionId', 'dnn', 'servingNfId', 'smContextStatusUri', 'n1SmMsg', 'n2SmInfoType'])
    t.true(
      keys.some((x) => x === k || x.startsWith(`${k}:`)),
      `${k} not in ${[...new Set(keys)].join(', ')}`,
    );
  // N1 parts to NAS-5GS: the 5GSM messages of the flow, in order.
  const sm = all('nas_5gs.sm.message_type').map((v) => Number(v));
  const name = (n: number) => Object.entries(SM5G_MESSAGE_TYPES).find(([, v]) => v === n)?.[0] ?? hex2(n);
  t.deepEqual(sm.map(name), [
    'pdu-session-establishment-request',
    'pdu-session-establishment-request',
    'pdu-session-establishment-reject',
    'pdu-session-release-request',
    'pdu-session-release-command',
    'pdu-session-release-complete',
  ]);
  // N2 parts to NGAP: the gNB's setup response transfer and the SMF's release command transfer.
  t.true(
    frames.some((f) => f.protocols.includes('ngap')),
    'no N2 part handed to NGAP',
  );
});
