import test from 'ava';
import { defineScenario, expand } from '../../../harness/runner/scenario.ts';
import { select } from '../../../harness/runner/registry.ts';
import { UsageError } from '../../../harness/runner/errors.ts';

const base = { title: 'Create session', covers: ['MNO-CORE'], run: async () => {} };

test('a parameter matrix expands into one instance per combination with stable ids', (t) => {
  const def = defineScenario<{ pdn: string; daf: boolean }>({
    ...base,
    id: 'core/s5-create-session',
    params: { pdn: ['ipv4', 'ipv6', 'ipv4v6'], daf: [true, false] },
  });
  const ids = expand(def as never).map((i) => i.id);
  t.deepEqual(ids, [
    'core/s5-create-session/pdn-ipv4/daf-true',
    'core/s5-create-session/pdn-ipv4/daf-false',
    'core/s5-create-session/pdn-ipv6/daf-true',
    'core/s5-create-session/pdn-ipv6/daf-false',
    'core/s5-create-session/pdn-ipv4v6/daf-true',
    'core/s5-create-session/pdn-ipv4v6/daf-false',
  ]);
  t.is(expand(def as never)[3].title, 'Create session (pdn=ipv6, daf=false)');
  t.deepEqual(expand(def as never)[3].params, { pdn: 'ipv6', daf: false });
});

test("a parameter added later keeps the old instances' ids (idOmits); needs may follow the parameters", (t) => {
  const def = defineScenario<{ case: string; access: string }>({
    ...base,
    id: 'terminal/fallback',
    params: { case: ['a', 'b'], access: ['eps', '5gs'] },
    idOmits: { access: 'eps' },
    needs: (p) => (p.access === '5gs' ? ['amf', 'upf'] : ['pgw', 'sgw']),
  });
  const instances = expand(def as never);
  t.deepEqual(
    instances.map((i) => i.id),
    [
      'terminal/fallback/case-a',
      'terminal/fallback/case-a/access-5gs',
      'terminal/fallback/case-b',
      'terminal/fallback/case-b/access-5gs',
    ],
  );
  t.is(instances[0].title, 'Create session (case=a)');
  t.is(instances[1].title, 'Create session (case=a, access=5gs)');
  t.deepEqual(instances[0].params, { case: 'a', access: 'eps' });
  t.deepEqual(
    instances.map((i) => i.needs),
    [
      ['pgw', 'sgw'],
      ['amf', 'upf'],
      ['pgw', 'sgw'],
      ['amf', 'upf'],
    ],
  );
});

test('excluded combinations are no instance at all (excludes)', (t) => {
  const def = defineScenario<{ case: string; access: string }>({
    ...base,
    id: 'terminal/fallback',
    params: { case: ['a', 'only-5gs'], access: ['eps', '5gs'] },
    idOmits: { access: 'eps' },
    excludes: (p) => p.case === 'only-5gs' && p.access === 'eps',
  });
  t.deepEqual(
    expand(def as never).map((i) => i.id),
    ['terminal/fallback/case-a', 'terminal/fallback/case-a/access-5gs', 'terminal/fallback/case-only-5gs/access-5gs'],
  );
});

test('ids must be lowercase and area-prefixed; a scenario must cover an item', (t) => {
  t.throws(() => defineScenario({ ...base, id: 'Core/Echo' }), { message: /lowercase and slash-separated/ });
  t.throws(() => defineScenario({ ...base, id: 'echo' }), { message: /slash-separated/ });
  t.throws(() => defineScenario({ ...base, id: 'core/x', covers: [] }), { message: /covers no verification item/ });
});

test('suite selection by id, by base id of a matrix and by prefix; unknown ids are usage errors', (t) => {
  const all = [
    ...expand(defineScenario({ ...base, id: 'core/a' }) as never),
    ...expand(defineScenario<{ p: number }>({ ...base, id: 'core/b', params: { p: [1, 2] } }) as never),
    ...expand(defineScenario({ ...base, id: 'ran/c' }) as never),
  ];
  t.deepEqual(
    select(all, ['ran/c', 'core/*'], 's.yaml').map((s) => s.id),
    ['ran/c', 'core/a', 'core/b/p-1', 'core/b/p-2'],
  );
  t.deepEqual(
    select(all, ['core/b'], 's.yaml').map((s) => s.id),
    ['core/b/p-1', 'core/b/p-2'],
  );
  const e = t.throws(() => select(all, ['core/nope'], 's.yaml'), { instanceOf: UsageError });
  t.is(e?.message, 's.yaml: scenarios: unknown scenario "core/nope"');
});
