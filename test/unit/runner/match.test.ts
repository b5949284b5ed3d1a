import test from 'ava';
import { absent, any, between, match, oneOf, present, describeTemplate } from '../../../harness/runner/match.ts';

test('a partial template ignores fields it leaves out and names every differing field', (t) => {
  const observed = { type: 'create-session-response', sequence: 7, ies: [{ ie: 'cause', value: 83 }] };
  t.deepEqual(match({ type: 'create-session-response' }, observed), []);
  t.deepEqual(match({ type: 'create-session-response', sequence: 8, ies: [{ ie: 'cause', value: 16 }] }, observed), [
    'sequence: expected 8, observed 7',
    'ies[0].value: expected 16, observed 83',
  ]);
});

test('matchers: present, absent, any, oneOf, between', (t) => {
  t.deepEqual(match({ a: present, b: absent, c: any }, { a: 1, c: undefined }), []);
  t.deepEqual(match({ a: present }, {}), ['a: expected present, observed undefined']);
  t.deepEqual(match({ b: absent }, { b: 2 }), ['b: expected absent, observed 2']);
  t.deepEqual(match(oneOf(18, 19), 16), ['(value): expected one of 18, 19, observed 16']);
  t.deepEqual(match(between(1, 64), 65), ['(value): expected between 1 and 64, observed 65']);
  t.deepEqual(describeTemplate({ a: present, b: [1, absent] }), { a: '<present>', b: [1, '<absent>'] });
});

test('lists are compared by length and element, Buffers by content', (t) => {
  t.deepEqual(match([1, 2], [1]), ['.length: expected 2, observed 1', '[1]: expected 2, observed undefined']);
  t.deepEqual(match(Buffer.from('0102', 'hex'), Buffer.from('0102', 'hex')), []);
  t.deepEqual(match(Buffer.from('01', 'hex'), Buffer.from('02', 'hex')), ['(value): expected 0x01, observed 0x02']);
  t.deepEqual(match({ x: 1 }, null), ['(value): expected { x: 1 }, observed null']);
});
