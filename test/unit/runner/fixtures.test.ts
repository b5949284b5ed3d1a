import test from 'ava';
import type { Lab } from '../../../harness/lab/index.ts';
import { execute, type ExecuteOptions } from '../../../harness/runner/execute.ts';
import { fixture, type Fixture } from '../../../harness/runner/fixture.ts';
import { defineScenario, expand, type ScenarioDefinition } from '../../../harness/runner/scenario.ts';
import type { FixtureSet } from '../../../harness/runner/fixture.ts';
import type { Params } from '../../../harness/runner/scenario.ts';
import { suiteSchema } from '../../../harness/runner/suite.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const emptyLab: Lab = {
  provider: 'external',
  open: async () => ({ elements: new Map(), close: async () => {} }),
  async close() {},
};

async function run(def: ScenarioDefinition<Params, FixtureSet>, extra: Partial<ExecuteOptions> = {}) {
  const results = await execute({
    instances: expand(def),
    lab: emptyLab,
    suite: suiteSchema.parse({ name: 't', scenarios: ['x/*'] }),
    targetName: 'test',
    version: '0',
    reportDir: tempDir('fixtures'),
    reporters: [],
    interrupt: new AbortController().signal,
    ...extra,
  });
  return results.scenarios[0];
}

/** A fixture that logs its open and close into `events` and gives back `value`. */
function traced<T>(name: string, value: T, events: string[], opts: { failOpen?: boolean } = {}): Fixture<T> {
  return fixture({
    title: `${name} peer`,
    element: name,
    async open() {
      await new Promise((r) => setImmediate(r));
      if (opts.failOpen) throw new Error(`${name}: address in use`);
      events.push(`open ${name}`);
      return value;
    },
    async close(v) {
      events.push(`close ${name}=${String(v)}`);
    },
  });
}

const checked = { expected: 1, observed: 1 };

test('fixtures are opened in declaration order, given to run typed, and closed in reverse order on a pass', async (t) => {
  const events: string[] = [];
  const r = await run(
    defineScenario({
      id: 'x/pass',
      title: 'x',
      covers: ['MNO-CORE'],
      fixtures: { a: traced('a', 1, events), b: traced('b', 'two', events), c: traced('c', true, events) },
      async run(ctx, { a, b, c }) {
        // Typed from the declaration: a number, a string, a boolean.
        const sum: number = a + b.length + Number(c);
        events.push(`run ${sum}`);
        ctx.check('ran', checked);
      },
    }),
  );
  t.is(r.status, 'passed');
  t.deepEqual(events, ['open a', 'open b', 'open c', 'run 5', 'close c=true', 'close b=two', 'close a=1']);
});

test('a failed expect still closes every fixture, last opened first', async (t) => {
  const events: string[] = [];
  const r = await run(
    defineScenario({
      id: 'x/expect',
      title: 'x',
      covers: ['MNO-CORE'],
      fixtures: { a: traced('a', 1, events), b: traced('b', 2, events) },
      async run(ctx) {
        ctx.expect('precondition', { expected: 'response', observed: 'no response', element: 'a' });
      },
    }),
  );
  t.is(r.status, 'failed');
  t.is(r.element, 'a');
  t.deepEqual(events, ['open a', 'open b', 'close b=2', 'close a=1']);
});

test('an error thrown by run closes the fixtures and the scenario errors', async (t) => {
  const events: string[] = [];
  const r = await run(
    defineScenario({
      id: 'x/throws',
      title: 'x',
      covers: ['MNO-CORE'],
      fixtures: { a: traced('a', 1, events), b: traced('b', 2, events) },
      async run() {
        throw new Error('decoder bug');
      },
    }),
  );
  t.like(r, { status: 'error', error: 'harness: decoder bug' });
  t.deepEqual(events, ['open a', 'open b', 'close b=2', 'close a=1']);
});

test('a timeout closes the fixtures of the hanging scenario (in reverse order) before the result is reported', async (t) => {
  const events: string[] = [];
  const r = await run(
    defineScenario({
      id: 'x/hangs',
      title: 'x',
      covers: ['MNO-CORE'],
      fixtures: { a: traced('a', 1, events), b: traced('b', 2, events) },
      run: () => new Promise(() => {}),
    }),
    { timeoutS: 0.2 },
  );
  t.like(r, { status: 'error', error: 'timed out after 0.2 s' });
  t.deepEqual(events, ['open a', 'open b', 'close b=2', 'close a=1']);
});

test('Ctrl-C closes the fixtures of the running scenario', async (t) => {
  const events: string[] = [];
  const interrupt = new AbortController();
  const r = await run(
    defineScenario({
      id: 'x/interrupted',
      title: 'x',
      covers: ['MNO-CORE'],
      fixtures: { a: traced('a', 1, events), b: traced('b', 2, events) },
      run: () => {
        interrupt.abort();
        return new Promise(() => {});
      },
    }),
    { interrupt: interrupt.signal },
  );
  t.like(r, { status: 'error', error: 'interrupted (Ctrl-C)' });
  t.deepEqual(events, ['open a', 'open b', 'close b=2', 'close a=1']);
});

test('a fixture that fails to open closes those already open and the scenario errors naming it; run is not called', async (t) => {
  const events: string[] = [];
  let ran = false;
  const r = await run(
    defineScenario({
      id: 'x/open-fails',
      title: 'x',
      covers: ['MNO-CORE'],
      fixtures: {
        a: traced('a', 1, events),
        b: traced('b', 2, events),
        sgw: traced('pgw', 3, events, { failOpen: true }),
        d: traced('d', 4, events),
      },
      async run() {
        ran = true;
      },
    }),
  );
  t.false(ran);
  t.is(r.status, 'error');
  t.is(r.element, 'pgw');
  t.is(r.error, 'fixture "sgw: pgw peer → pgw" could not be opened: pgw: address in use');
  t.deepEqual(events, ['open a', 'open b', 'close b=2', 'close a=1']);
});

test('a fixture that finds a declaration missing skips the scenario naming it (not an error); the ones open are closed', async (t) => {
  const events: string[] = [];
  let ran = false;
  const r = await run(
    defineScenario({
      id: 'x/declaration-missing',
      title: 'x',
      covers: ['MNO-CORE'],
      fixtures: {
        a: traced('a', 1, events),
        declared: fixture({
          title: 'declarations',
          open: async (ctx) => ctx.skip('the target declares no hosts behind Gi (internet: ipv4Only …)'),
          close: async () => {},
        }),
        b: traced('b', 2, events),
      },
      async run() {
        ran = true;
      },
    }),
  );
  t.false(ran);
  t.is(r.status, 'skipped');
  t.is(r.error, 'not run: the target declares no hosts behind Gi (internet: ipv4Only …)');
  t.deepEqual(events, ['open a', 'close a=1']);
});

test('a fixture whose close fails is logged and the others still close', async (t) => {
  const events: string[] = [];
  const r = await run(
    defineScenario({
      id: 'x/close-fails',
      title: 'x',
      covers: ['MNO-CORE'],
      fixtures: {
        a: traced('a', 1, events),
        b: fixture({
          title: 'b peer',
          open: async () => 2,
          close: async () => {
            throw new Error('socket already closed');
          },
        }),
      },
      async run(ctx) {
        ctx.check('ran', checked);
      },
    }),
  );
  t.is(r.status, 'passed');
  t.deepEqual(events, ['open a', 'close a=1']);
  t.deepEqual(r.logs, ['fixture "b" (b peer) failed to close: socket already closed']);
});

test('a scenario without fixtures gets an empty set', async (t) => {
  let got: unknown;
  const r = await run(
    defineScenario({
      id: 'x/none',
      title: 'x',
      covers: ['MNO-CORE'],
      async run(ctx, fx) {
        got = fx;
        ctx.check('ran', checked);
      },
    }),
  );
  t.is(r.status, 'passed');
  t.deepEqual(got, {});
});
