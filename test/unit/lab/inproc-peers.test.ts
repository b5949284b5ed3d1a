import test from 'ava';
import { withPeers } from '../../../harness/lab/inproc/inproc-lab.ts';
import { targetSchema } from '../../../harness/lab/target.ts';

/**
 * The in-process lab starts the stand-ins an element talks to before it: an AMF's SMF (`smf:`),
 * an SMF's UPF (`upf:`), each once, in dependency order; an AMF's external SMF comes too (pre-flight
 * probes it, the AMF stand-in relays PDU sessions to its N11); other peers that are not stand-ins
 * (a real element) or not in the target are left to the scenario.
 */
const target = targetSchema.parse({
  name: 't',
  provider: 'inproc',
  elements: {
    amf: { kind: 'standin', smf: 'smf' },
    smf: { kind: 'standin', upf: 'upf' },
    upf: { kind: 'standin' },
    pgw: { kind: 'standin' },
    amf2: { kind: 'standin', smf: 'ext-smf' },
    'ext-smf': { kind: 'external', address: '2001:db8::1' },
    smf3: { kind: 'standin', upf: 'ext-upf' },
    'ext-upf': { kind: 'external', address: '2001:db8::2' },
  },
});

test('an AMF brings its SMF and the SMF its UPF, first, once', (t) => {
  t.deepEqual(withPeers(['amf'], target), ['upf', 'smf', 'amf']);
  t.deepEqual(withPeers(['amf', 'upf'], target), ['upf', 'smf', 'amf']);
  t.deepEqual(withPeers(['upf', 'amf', 'pgw'], target), ['upf', 'smf', 'amf', 'pgw']);
  t.deepEqual(withPeers(['smf'], target), ['upf', 'smf']);
});

test('an AMF’s external SMF is added before it', (t) => {
  t.deepEqual(withPeers(['amf2'], target), ['ext-smf', 'amf2']);
});

test('another peer that is not a stand-in, or a name the target lacks, is not added', (t) => {
  t.deepEqual(withPeers(['smf3'], target), ['smf3']);
  t.deepEqual(withPeers(['nothing'], target), ['nothing']);
});
