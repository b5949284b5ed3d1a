import test from 'ava';
import { encode, ESM_MESSAGE_TYPES, SM5G_MESSAGE_TYPES } from '../../harness/protocol/nas/index.ts';
import { ESM_SAMPLES, SM5G_SAMPLES } from '../helpers/nas-samples.ts';
import { dissect, NAS_USER_DLTS, writePcap, type Frame } from '../helpers/tshark.ts';

/** Wireshark's NAS-EPS and NAS-5GS dissectors read our ESM and 5GSM messages (user DLTs 147/148). */
let esm: Frame[] = [];
let sm5g: Frame[] = [];
test.before(async () => {
  esm = await dissect(writePcap(ESM_SAMPLES.map(encode), 'nas-eps', 147), { extraArgs: NAS_USER_DLTS });
  sm5g = await dissect(writePcap(SM5G_SAMPLES.map(encode), 'nas-5gs', 148), { extraArgs: NAS_USER_DLTS });
});

const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

test('every ESM and 5GSM message dissects without malformed frames or expert errors', (t) => {
  t.is(esm.length, ESM_SAMPLES.length);
  t.is(sm5g.length, SM5G_SAMPLES.length);
  for (const f of [...esm, ...sm5g]) {
    t.false(f.malformed, `frame ${f.number}: ${f.protocols.join(':')}`);
    t.deepEqual(f.errors, [], `frame ${f.number}`);
  }
});

test('ESM fields equal what we encoded: message types, PDN type, ESM causes #50/#51/#52, PDN address IID and IPv4', (t) => {
  t.deepEqual(
    esm.map((f) => f.fields.get('nas_eps.nas_msg_esm_type')?.[0]),
    ESM_SAMPLES.map((m) => hex2(ESM_MESSAGE_TYPES[m.type as keyof typeof ESM_MESSAGE_TYPES])),
  );
  t.deepEqual(esm[0].fields.get('nas_eps.esm_pdn_type'), ['3']);
  t.deepEqual(esm[0].fields.get('gsm_a.gm.sm.apn'), ['internet']);
  t.deepEqual(esm[1].fields.get('nas_eps.esm.cause'), ['50']);
  t.deepEqual(esm[2].fields.get('nas_eps.esm.pdn_ipv6_if_id'), ['1a:2b:3c:4d:5e:6f:70:81']);
  t.deepEqual(esm[2].fields.get('nas_eps.esm.pdn_ipv4'), ['198.51.100.7']);
  t.deepEqual(esm[2].fields.get('nas_eps.esm.cause'), ['52']);
  t.deepEqual(esm[2].fields.get('gsm_a.gm.sm.pco.dns.ipv6'), ['2001:db8:53::1']);
  t.deepEqual(esm[2].fields.get('nas_eps.bearer_id'), ['5']);
  t.deepEqual(esm[4].fields.get('nas_eps.esm.cause'), ['51']);
});

test('5GSM fields equal what we encoded: PDU session type, SSC mode, PDU address IID, 5GSM cause', (t) => {
  t.deepEqual(
    sm5g.map((f) => f.fields.get('nas_5gs.sm.message_type')?.[0]),
    SM5G_SAMPLES.map((m) => hex2(SM5G_MESSAGE_TYPES[m.type as keyof typeof SM5G_MESSAGE_TYPES])),
  );
  t.deepEqual(sm5g[0].fields.get('nas_5gs.sm.pdu_session_type'), ['2']);
  t.deepEqual(sm5g[1].fields.get('nas_5gs.sm.pdu_session_type'), ['2']);
  t.deepEqual(sm5g[1].fields.get('nas_5gs.sm.sel_sc_mode'), ['1']);
  t.deepEqual(sm5g[1].fields.get('nas_5gs.sm.pdu_ses_type'), ['2']);
  t.deepEqual(sm5g[1].fields.get('nas_5gs.sm.pdu_addr_inf_ipv6'), ['aa:aa:bb:bb:cc:cc:dd:dd']);
  t.deepEqual(sm5g[1].fields.get('nas_5gs.cmn.dnn'), ['internet']);
  t.deepEqual(sm5g[2].fields.get('nas_5gs.sm.5gsm_cause'), ['50']);
  t.deepEqual(sm5g[0].fields.get('nas_5gs.pdu_session_id'), ['1']);
});
