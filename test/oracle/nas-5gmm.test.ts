import test from 'ava';
import { decode, encode, MM5G_MESSAGE_TYPES, type NasMessage } from '../../harness/protocol/nas/index.ts';
import { AV, MM5G_SAMPLES } from '../helpers/nas-5gmm-samples.ts';
import { dissect, type Frame, writePcap } from '../helpers/tshark.ts';
import { LINKTYPE_WIRESHARK_UPPER_PDU, upperPdu } from '../helpers/upper-pdu.ts';

/**
 * tshark's NAS-5GS dissector reads every 5GMM message we encode (TS 24.501 §8.2) with no
 * malformed frame or expert error, and the fields we set: message types, registration type
 * and FOR, ngKSI, SUCI (null scheme MSIN; ECIES profile A key/ciphertext/MAC tag), 5G-GUTI,
 * 5G-S-TMSI, IMEISV, RAND/AUTN (its SQN⊕AK, AMF and MAC) and AUTS, ABBA, selected NAS security
 * algorithms, UE security capability bits, S-NSSAI/DNN/PDU session ID/request type and the N1 SM
 * payload (a 5GSM message tshark dissects inside), 5GMM causes.
 */
let frames: Frame[] = [];
test.before(async () => {
  frames = await dissect(
    writePcap(
      MM5G_SAMPLES.map((m) => upperPdu('nas-5gs', encode(m))),
      'nas-5gmm',
      LINKTYPE_WIRESHARK_UPPER_PDU,
    ),
  );
});

const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
const colonHex = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
const byType = (type: string) => frames[MM5G_SAMPLES.findIndex((m) => m.type === type)];
const get = (f: Frame, name: string) => f.fields.get(name);

test('every 5GMM message dissects with no malformed frame or expert error, with our message type', (t) => {
  t.is(frames.length, MM5G_SAMPLES.length);
  const types = new Set(MM5G_SAMPLES.map((m) => m.type));
  t.is(types.size, Object.keys(MM5G_MESSAGE_TYPES).length, 'every 5GMM message type is sampled');
  frames.forEach((f, i) => {
    t.false(f.malformed, `frame ${f.number}`);
    t.deepEqual(f.errors, [], `frame ${f.number}`);
    const m = MM5G_SAMPLES[i];
    t.is(get(f, 'nas_5gs.mm.message_type')?.[0], hex2(MM5G_MESSAGE_TYPES[m.type as keyof typeof MM5G_MESSAGE_TYPES]));
  });
});

test('registration: registration type and FOR, ngKSI, SUCI null scheme MSIN and ECIES profile A parts, UE security capability, NSSAI', (t) => {
  const f = frames[0];
  t.deepEqual(get(f, 'nas_5gs.mm.5gs_reg_type'), ['1']);
  t.deepEqual(get(f, 'nas_5gs.mm.for'), ['1']);
  t.deepEqual(get(f, 'nas_5gs.mm.nas_key_set_id.h1'), ['7']);
  t.deepEqual(get(f, 'nas_5gs.mm.suci.scheme_id'), ['0']);
  t.deepEqual(get(f, 'nas_5gs.mm.suci.msin'), ['0000000001']);
  t.deepEqual(get(f, 'nas_5gs.mm.5g_ea0'), ['1']);
  t.deepEqual(get(f, 'nas_5gs.mm.128_5g_ea3'), ['0']);
  t.deepEqual(get(f, 'nas_5gs.mm.5g_128_ia2'), ['1']);
  t.deepEqual(get(f, 'nas_5gs.mm.sst'), ['1', '1']);
  const a = frames[1];
  const sample = MM5G_SAMPLES[1] as Extract<NasMessage, { type: 'registration-request' }>;
  const id = sample.mobileIdentity;
  if (id.type !== 'suci' || id.supiFormat !== 'imsi') return t.fail('sample 2 has an IMSI SUCI');
  t.deepEqual(get(a, 'nas_5gs.mm.suci.scheme_id'), ['1']);
  t.deepEqual(get(a, 'nas_5gs.mm.suci.scheme_output.ecc_public_key'), [colonHex(id.schemeOutput.subarray(0, 32))]);
  t.deepEqual(get(a, 'nas_5gs.mm.suci.scheme_output.mac_tag'), [`0x${id.schemeOutput.subarray(37).toString('hex')}`]);
  const accept = byType('registration-accept');
  t.deepEqual(get(accept, 'nas_5gs.5g_tmsi'), [String(0x01020304)]);
  t.deepEqual(get(accept, 'nas_5gs.amf_set_id'), [String(0x3f8)]);
  t.deepEqual(get(accept, 'nas_5gs.amf_pointer'), ['33']);
  t.deepEqual(get(accept, 'nas_5gs.amf_region_id'), ['202']);
  t.deepEqual(get(byType('registration-reject'), 'nas_5gs.mm.5gmm_cause'), ['7']);
});

test('authentication and security mode: RAND, AUTN = SQN⊕AK||AMF||MAC from MILENAGE, RES*, AUTS, ABBA, algorithms, IMEISV', (t) => {
  const req = byType('authentication-request');
  t.deepEqual(get(req, 'gsm_a.dtap.rand'), [colonHex(AV.rand)]);
  t.deepEqual(get(req, 'gsm_a.dtap.autn.sqn_xor_ak'), [colonHex(AV.autn.subarray(0, 6))]);
  t.deepEqual(get(req, 'gsm_a.dtap.autn.amf'), ['80:00']);
  t.deepEqual(get(req, 'gsm_a.dtap.autn.mac'), [colonHex(AV.autn.subarray(8))]);
  t.deepEqual(get(req, 'nas_5gs.mm.abba_contents'), ['00:00']);
  // RES* (tshark 4.0 names the authentication response parameter's field after the EPS RES).
  t.deepEqual(get(byType('authentication-response'), 'nas_eps.emm.res'), [colonHex(AV.xresStar)]);
  t.deepEqual(get(byType('authentication-failure'), 'gsm_a.dtap.auts.mac_s'), ['07:08:09:0a:0b:0c:0d:0e']);
  const smc = byType('security-mode-command');
  t.deepEqual(get(smc, 'nas_5gs.mm.nas_sec_algo_enc'), ['2']);
  t.deepEqual(get(smc, 'nas_5gs.mm.nas_sec_algo_ip'), ['2']);
  t.deepEqual(get(byType('security-mode-complete'), 'nas_5gs.mm.imeisv'), ['4370816125816151']);
});

test('deregistration, service request, NAS transport: types, 5G-S-TMSI, N1 SM payload with PDU session ID, S-NSSAI, DNN, request type', (t) => {
  t.deepEqual(get(byType('deregistration-request-ue-originating'), 'nas_5gs.mm.acc_type'), ['1']);
  t.deepEqual(get(byType('deregistration-request-ue-terminated'), 'nas_5gs.mm.5gmm_cause'), ['10']);
  const sr = byType('service-request');
  t.deepEqual(get(sr, 'nas_5gs.mm.serv_type'), ['1']);
  t.deepEqual(get(sr, 'nas_5gs.5g_tmsi'), [String(0x01020304)]);
  const ul = byType('ul-nas-transport');
  t.deepEqual(get(ul, 'nas_5gs.mm.pld_cont_type'), ['1']);
  t.deepEqual(get(ul, 'nas_5gs.pdu_session_id'), ['1', '1']);
  t.deepEqual(get(ul, 'nas_5gs.mm.req_type'), ['1']);
  t.deepEqual(get(ul, 'nas_5gs.cmn.dnn'), ['internet']);
  t.deepEqual(get(ul, 'nas_5gs.mm.mm_sd'), [String(0x010203)]);
  t.deepEqual(get(ul, 'nas_5gs.sm.message_type'), ['0xc1']);
  t.deepEqual(get(byType('dl-nas-transport'), 'nas_5gs.mm.5gmm_cause'), ['90']);
});

test('decode(encode(m)) is m for every sample', (t) => {
  for (const m of MM5G_SAMPLES) t.deepEqual(decode(encode(m)), m, m.type);
});
