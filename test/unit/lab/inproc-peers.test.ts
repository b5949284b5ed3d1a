import test from 'ava';
import { withPeers } from '../../../harness/lab/inproc/inproc-lab.ts';
import { targetSchema } from '../../../harness/lab/target.ts';

/**
 * The in-process lab starts the stand-ins an element talks to before it: an AMF's SMF (`smf:`),
 * an SMF's UPF (`upf:`), each once, in dependency order; peers that are not stand-ins (a user's
 * own elements) or not in the target are left to the scenario.
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
  },
});

test('an AMF brings its SMF and the SMF its UPF, first, once', (t) => {
  t.deepEqual(withPeers(['amf'], target), ['upf', 'smf', 'amf']);
  t.deepEqual(withPeers(['amf', 'upf'], target), ['upf', 'smf', 'amf']);
  t.deepEqual(withPeers(['upf', 'amf', 'pgw'], target), ['upf', 'smf', 'amf', 'pgw']);
  t.deepEqual(withPeers(['smf'], target), ['upf', 'smf']);
});

test('a peer that is not a stand-in, or a name the target lacks, is not added', (t) => {
  t.deepEqual(withPeers(['amf2'], target), ['amf2']);
  t.deepEqual(withPeers(['nothing'], target), ['nothing']);
});
