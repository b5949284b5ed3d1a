import test from 'ava';
import { noRecorder } from '../../../../harness/net/pcap/index.ts';
import { decode, dnnName, encode, findIe, type NasMessage } from '../../../../harness/protocol/nas/index.ts';
import { Recorder } from '../../../../harness/runner/context.ts';
import { checkDnnLabels, checkNasWellFormed } from '../../../../scenarios/core5g/nas-checks.ts';
import { SM5G_SAMPLES } from '../../../helpers/nas-samples.ts';

/**
 * Issue 17 item 11 (5GSM half): a DNN sent as plain text without label lengths, as OAI and Magma
 * SMFs do, is kept with a warning instead of failing the whole message; the check still reports
 * the deviation, naming the element.
 */
const accept = SM5G_SAMPLES[1] as Extract<NasMessage, { type: 'pdu-session-establishment-accept' }>;
// The accept as such an SMF sends it: DNN IE 0x25, length 8, "internet" with no label length.
const plain = Buffer.concat([
  encode({ ...accept, ies: accept.ies.filter((ie) => ie.ie !== 'dnn') }),
  Buffer.from('2508696e7465726e6574', 'hex'),
]);
const ctx = () => new Recorder('core5g/test', {}, new AbortController().signal, noRecorder, new Map());

test('a plain-text DNN decodes with a warning, keeps its text and re-encodes as received', (t) => {
  const m = decode(plain);
  t.is(m.type, 'pdu-session-establishment-accept');
  if (m.type !== 'pdu-session-establishment-accept') return;
  const dnn = findIe(m, 'dnn');
  t.deepEqual(dnn?.value, { plainText: 'internet' });
  t.is(dnnName(dnn!.value), 'internet');
  t.is(m.warnings?.length, 1);
  t.regex(m.warnings![0], /DNN "internet" is plain text, not DNS labels \(TS 24\.501 §9\.11\.2\.1B/);
  t.deepEqual(encode(m), plain);
});

test('the same DNN as labels decodes to the name with no warning', (t) => {
  const m = decode(encode(accept));
  t.is(m.type === 'pdu-session-establishment-accept' ? findIe(m, 'dnn')?.value : undefined, 'internet');
  t.is('warnings' in m ? m.warnings : undefined, undefined);
});

test('the checks fail on the plain-text DNN, name the SMF and the deviation, and pass on labels', (t) => {
  const bad = ctx();
  t.false(checkDnnLabels(bad, decode(plain), 'smf'));
  t.false(checkNasWellFormed(bad, decode(plain), 'smf'));
  t.like(bad.checks[0], {
    ok: false,
    level: 'MUST',
    element: 'smf',
    observed: 'plain text "internet" without label lengths',
  });
  t.like(bad.checks[1], { ok: false, element: 'smf', clause: 'TS 24.501 §8.3, §9.11' });
  t.regex(String(bad.checks[1].observed), /plain text/);
  const good = ctx();
  t.true(checkDnnLabels(good, decode(encode(accept)), 'smf'));
  t.true(checkNasWellFormed(good, decode(encode(accept)), 'smf'));
});
