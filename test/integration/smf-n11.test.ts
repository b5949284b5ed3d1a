import test from 'ava';
import type { ApnConfig } from '../../harness/elements/common/apn-config.ts';
import { Smf } from '../../harness/elements/smf/index.ts';
import { Upf } from '../../harness/elements/upf/index.ts';
import { SbiClient, type SbiRequest, SbiServer } from '../../harness/net/sbi/index.ts';
import { decode, encode, findIe, type NasMessage } from '../../harness/protocol/nas/index.ts';
import {
  binaryPart,
  N1_SM_CONTENT_ID,
  n1n2MessageTransferReqData,
  n1SmPart,
  parseSbi,
  SM_CONTEXTS_PATH,
  smContextPath,
} from '../../harness/protocol/sbi/index.ts';

/**
 * The SMF stand-in on N11 without a gNB: malformed requests get the TS 29.500 §5.2.7 ProblemDetails
 * a real SMF answers; an accepted Create SM Context sets up an N4 session on the UPF and sends the
 * accept in N1N2MessageTransfer to the AMF's API root; Release SM Context deletes the N4 session;
 * behind a silent UPF the PDU session is rejected with 5GSM cause #26 in N1N2MessageTransfer.
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
};

function request(type = 2): Buffer {
  return encode({
    protocol: '5gsm',
    type: 'pdu-session-establishment-request',
    pduSessionId: 5,
    pti: 7,
    integrityProtectionMaximumDataRate: { uplink: 0xff, downlink: 0xff },
    ies: [{ ie: 'pdu-session-type', value: type }],
  } as NasMessage);
}

async function lab(upfFaults: 'silent'[] = []) {
  const upf = new Upf({ address: '::1', port: 0, userPlanePort: 0, faults: upfFaults, dnns: DNNS });
  await upf.start();
  const smf = new Smf({
    address: '::1',
    upf: { ...upf.endpoint, userPlanePort: upf.userPlane.endpoint.port },
    dnns: DNNS,
  });
  await smf.start();
  const transfers: SbiRequest[] = [];
  let arrived: () => void = () => {};
  const namf = new SbiServer((req) => {
    transfers.push(req);
    arrived();
    return { status: 200, json: { cause: 'N1_N2_TRANSFER_INITIATED' } };
  });
  await namf.listen('::1', 0);
  const client = new SbiClient(smf.apiRoot);
  const nextTransfer = () =>
    new Promise<SbiRequest>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no N1N2MessageTransfer within 15 s')), 15_000);
      arrived = () => {
        clearTimeout(t);
        resolve(transfers[transfers.length - 1]);
      };
    });
  const create = (n1?: Buffer, json: Record<string, unknown> = {}) =>
    client.request('POST', SM_CONTEXTS_PATH, {
      json: {
        supi: 'imsi-001010000000001',
        pduSessionId: 5,
        dnn: 'internet',
        servingNfId: '00000000-0000-4000-8000-000000000001',
        servingNetwork: { mcc: '001', mnc: '01' },
        anType: '3GPP_ACCESS',
        smContextStatusUri: `${namf.apiRoot}/namf-callback/v1/sm-context-status/imsi-001010000000001/5`,
        ...(n1 ? { n1SmMsg: { contentId: N1_SM_CONTENT_ID } } : {}),
        ...json,
      },
      parts: n1 ? [n1SmPart(n1)] : [],
    });
  const close = async () => {
    await client.close();
    await Promise.all([smf.stop(), namf.close()]);
    await upf.stop();
  };
  return { upf, smf, client, create, nextTransfer, close };
}

test('malformed N11 requests get ProblemDetails: no body, no N1 part, an N1 part that does not decode, an unknown SM context', async (t) => {
  const l = await lab();
  try {
    const none = await l.client.request('POST', SM_CONTEXTS_PATH);
    t.is(none.status, 400);
    t.like(none.body.json, { cause: 'MANDATORY_IE_MISSING' });
    const noN1 = await l.create();
    t.is(noN1.status, 400);
    t.like(noN1.body.json, { cause: 'MANDATORY_IE_MISSING' });
    const garbage = await l.create(Buffer.from([0x2e, 0x05]));
    t.is(garbage.status, 403);
    t.like(garbage.body.json, { cause: 'N1_SM_ERROR' });
    const unknown = await l.client.request('POST', smContextPath('nope', 'modify'), { json: {} });
    t.is(unknown.status, 404);
    t.like(unknown.body.json, { cause: 'CONTEXT_NOT_FOUND' });
    t.is(l.smf.contexts.count, 0);
  } finally {
    await l.close();
  }
});

test('Create SM Context: 201, an N4 session on the UPF, the accept and PDU_RES_SETUP_REQ to the AMF; Release SM Context deletes the N4 session', async (t) => {
  const l = await lab();
  try {
    const transfer = l.nextTransfer();
    const r = await l.create(request());
    t.is(r.status, 201, JSON.stringify(r.body.json));
    t.regex(String(r.headers.location), /\/nsmf-pdusession\/v1\/sm-contexts\/[^/]+$/);
    const req = await transfer;
    t.regex(req.path, /^\/namf-comm\/v1\/ue-contexts\/imsi-001010000000001\/n1-n2-messages$/);
    const d = parseSbi(n1n2MessageTransferReqData, req.body.json, 'N1N2MessageTransferReqData');
    if (!d.ok) return t.fail(JSON.stringify(d.problem));
    t.is(d.value.n2InfoContainer?.smInfo?.n2InfoContent?.ngapIeType, 'PDU_RES_SETUP_REQ');
    const n1 = binaryPart(req.body, d.value.n1MessageContainer?.n1MessageContent)?.data;
    const accept = n1 ? decode(n1) : undefined;
    t.is(accept?.type, 'pdu-session-establishment-accept');
    const address = accept?.protocol === '5gsm' ? findIe(accept, 'pdu-address')?.value : undefined;
    t.truthy(address?.interfaceIdentifier);
    t.is(l.upf.sessionCount, 1);
    const ref = decodeURIComponent(String(r.headers.location).split('/').pop() ?? '');
    const rel = await l.client.request('POST', smContextPath(ref, 'release'), { json: {} });
    t.is(rel.status, 204);
    t.is(l.upf.sessionCount, 0);
    t.is(l.smf.contexts.count, 0);
  } finally {
    await l.close();
  }
});

test('behind a silent UPF the PDU session is rejected with 5GSM cause #26 in N1N2MessageTransfer', async (t) => {
  const l = await lab(['silent']);
  try {
    const transfer = l.nextTransfer();
    t.is((await l.create(request())).status, 201);
    const req = await transfer;
    const d = parseSbi(n1n2MessageTransferReqData, req.body.json, 'N1N2MessageTransferReqData');
    if (!d.ok) return t.fail(JSON.stringify(d.problem));
    t.is(d.value.n2InfoContainer, undefined);
    const n1 = binaryPart(req.body, d.value.n1MessageContainer?.n1MessageContent)?.data;
    t.like(n1 ? decode(n1) : undefined, { type: 'pdu-session-establishment-reject', cause: 26, pti: 7 });
    t.is(l.smf.contexts.count, 0);
  } finally {
    await l.close();
  }
});
