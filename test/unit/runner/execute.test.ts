import test from 'ava';
import { LabError, type Lab } from '../../../harness/lab/index.ts';
import { execute, type ExecuteOptions } from '../../../harness/runner/execute.ts';
import { defineScenario, expand, type ScenarioDefinition } from '../../../harness/runner/scenario.ts';
import { suiteSchema } from '../../../harness/runner/suite.ts';
import type { Reporter } from '../../../harness/report/reporter.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** A lab with no elements at all, or one that cannot start a named element. */
const emptyLab = (failOn?: string): Lab => ({
  provider: 'external',
  async open(needs) {
    if (failOn && needs.includes(failOn)) throw new LabError(failOn, `${failOn} did not start`);
    return { elements: new Map(), close: async () => {} };
  },
  async close() {},
});

async function run(defs: ScenarioDefinition[], extra: Partial<ExecuteOptions> = {}) {
  const seen: string[] = [];
  const reporter: Reporter = {
    name: 'spy',
    scenarioEnded: (r) => void seen.push(`${r.id}:${r.status}`),
    end: () => {},
  };
  const results = await execute({
    instances: defs.flatMap((d) => expand(d)),
    lab: emptyLab(),
    suite: suiteSchema.parse({ name: 't', scenarios: ['x/*'], thresholds: { rtt: ['< 10'] } }),
    targetName: 'test',
    version: '0',
    reportDir: tempDir('exec'),
    reporters: [reporter],
    interrupt: new AbortController().signal,
    ...extra,
  });
  return { results, seen };
}

const s = (id: string, body: ScenarioDefinition['run'], more: Partial<ScenarioDefinition> = {}) =>
  defineScenario({ id, title: id, covers: ['MNO-CORE'], run: body, ...more });

test('a failed MUST check fails the scenario, records expected/observed and names the element; the run goes on', async (t) => {
  const { results, seen } = await run([
    s('x/fails', async (ctx) => {
      ctx.check('cause', { expected: 16, observed: 83, clause: 'TS 29.274 §8.4', element: 'pgw' });
      ctx.check('still checked after a failure', { expected: 1, observed: 1 });
    }),
    s('x/passes', async (ctx) => void ctx.check('one', { expected: 1, observed: 1 })),
  ]);
  t.deepEqual(seen, ['x/fails:failed', 'x/passes:passed']);
  const r = results.scenarios[0];
  t.is(r.element, 'pgw');
  t.is(r.checks.length, 2);
  t.like(r.checks[0], {
    name: 'cause',
    ok: false,
    level: 'MUST',
    expected: 16,
    observed: 83,
    clause: 'TS 29.274 §8.4',
  });
});

test('a failed SHOULD is a warning, and fails under a strict suite', async (t) => {
  const def = s('x/should', async (ctx) => void ctx.check('soft', { expected: 1, observed: 2, level: 'SHOULD' }));
  const lax = await run([def]);
  t.is(lax.results.scenarios[0].status, 'passed');
  t.is(lax.results.scenarios[0].warnings, 1);
  const strict = await run([def], { suite: suiteSchema.parse({ name: 't', scenarios: ['x/*'], strict: true }) });
  t.is(strict.results.scenarios[0].status, 'failed');
});

test('expect ends the scenario at the failed precondition', async (t) => {
  let after = false;
  const { results } = await run([
    s('x/expect', async (ctx) => {
      ctx.expect('precondition', { expected: 'response', observed: 'no response' });
      after = true;
    }),
  ]);
  t.false(after);
  t.is(results.scenarios[0].status, 'failed');
});

test('a scenario that records no checks is an error: it could not have failed', async (t) => {
  const { results } = await run([s('x/empty', async () => {})]);
  t.is(results.scenarios[0].status, 'error');
  t.is(results.scenarios[0].error, 'the scenario recorded no checks');
});

test('thresholds turn metrics into checks', async (t) => {
  const { results } = await run([s('x/slow', async (ctx) => ctx.metric('rtt', 25, 'ms'))]);
  t.is(results.scenarios[0].status, 'failed');
  t.like(results.scenarios[0].checks[0], { name: 'threshold rtt < 10', ok: false, observed: 25 });
});

test('a timeout ends a hanging scenario as error and the run goes on', async (t) => {
  const { results } = await run(
    [
      s(
        'x/hang',
        (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
      ),
      s('x/next', async (ctx) => void ctx.check('ok', { expected: 1, observed: 1 })),
    ],
    { timeoutS: 0.2 },
  );
  t.is(results.scenarios[0].status, 'error');
  t.is(results.scenarios[0].error, 'timed out after 0.2 s');
  t.is(results.scenarios[1].status, 'passed');
});

test('a scenario that ignores its signal still cannot hang the run', async (t) => {
  const { results } = await run([s('x/deaf', () => new Promise(() => {}))], { timeoutS: 0.2 });
  t.is(results.scenarios[0].error, 'timed out after 0.2 s');
});

test('a lab that cannot start an element makes the scenario error with the element named', async (t) => {
  const { results } = await run(
    [s('x/needs', async (ctx) => void ctx.check('x', { expected: 1, observed: 1 }), { needs: ['pgw'] })],
    { lab: emptyLab('pgw') },
  );
  t.like(results.scenarios[0], { status: 'error', element: 'pgw', error: 'lab: pgw did not start' });
});

test('an exception in the scenario is an error attributed to the harness, with its message', async (t) => {
  const { results } = await run([
    s('x/throws', async () => {
      throw new TypeError('boom');
    }),
  ]);
  t.like(results.scenarios[0], { status: 'error', element: 'harness', error: 'harness: boom' });
});

test('an interrupt ends the current scenario and skips the rest, and the results say so', async (t) => {
  const interrupt = new AbortController();
  const { results } = await run(
    [
      s('x/first', async (ctx) => {
        ctx.check('started', { expected: 1, observed: 1 });
        interrupt.abort();
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      }),
      s('x/second', async (ctx) => void ctx.check('x', { expected: 1, observed: 1 })),
    ],
    { interrupt: interrupt.signal },
  );
  t.true(results.interrupted);
  t.like(results.scenarios[0], { status: 'error', error: 'interrupted (Ctrl-C)' });
  t.like(results.scenarios[1], { status: 'skipped' });
});

test('an interrupt by SIGTERM (a supervisor, a timeout) is named as such, not as Ctrl-C', async (t) => {
  const interrupt = new AbortController();
  const { results } = await run(
    [
      s('x/first', async (ctx) => {
        interrupt.abort('SIGTERM');
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      }),
      s('x/second', async (ctx) => void ctx.check('x', { expected: 1, observed: 1 })),
    ],
    { interrupt: interrupt.signal },
  );
  t.true(results.interrupted);
  t.like(results.scenarios[0], { status: 'error', error: 'interrupted (SIGTERM)' });
  t.like(results.scenarios[1], { status: 'skipped', error: 'not run: the run was interrupted (SIGTERM)' });
});

test('a scenario that calls ctx.skip, or whose element the target lacks, is skipped with the reason; a lab failure is still an error', async (t) => {
  const { ElementNotInTarget } = await import('../../../harness/lab/index.ts');
  const lab: Lab = {
    provider: 'external',
    async open(needs) {
      if (needs.includes('pgw')) throw new ElementNotInTarget('pgw', 'ggsn-only');
      if (needs.includes('sgw')) throw new LabError('sgw', 'sgw did not start');
      return { elements: new Map(), close: async () => {} };
    },
    async close() {},
  };
  const { results } = await run(
    [
      s('x/skips', async (ctx) => ctx.skip('the lab cannot read this AAA')),
      s('x/no-pgw', async (ctx) => void ctx.check('never', { expected: 1, observed: 1 }), { needs: ['pgw'] }),
      s('x/no-sgw', async (ctx) => void ctx.check('never', { expected: 1, observed: 1 }), { needs: ['sgw'] }),
    ],
    { lab },
  );
  t.like(results.scenarios[0], { status: 'skipped', error: 'not run: the lab cannot read this AAA' });
  t.like(results.scenarios[1], {
    status: 'skipped',
    error: 'not run: the target "ggsn-only" has no element "pgw" (the scenario needs pgw)',
  });
  t.like(results.scenarios[2], { status: 'error', element: 'sgw' });
});

/** A lab whose set-up takes `ms` (a host lock to wait for, containers to start); counts closed sessions. */
function slowLab(ms: number) {
  const closed: string[] = [];
  const lab: Lab = {
    provider: 'docker',
    async open(needs) {
      await new Promise((r) => setTimeout(r, ms));
      return { elements: new Map(), close: async () => void closed.push(needs.join(',')) };
    },
    async close() {},
  };
  return { lab, closed };
}

test("the lab's set-up is not charged to the scenario's timeout: a slow start-up, then a quick scenario, passes", async (t) => {
  const { lab, closed } = slowLab(1500);
  const { results } = await run(
    [s('x/quick', async (ctx) => void ctx.check('one', { expected: 1, observed: 1 }), { needs: ['pgw'] })],
    { lab, timeoutS: 0.5 },
  );
  t.like(results.scenarios[0], { status: 'passed' });
  t.deepEqual(closed, ['pgw']);
});

test('a set-up beyond its own bound is a lab error saying so; the session that arrives late is closed', async (t) => {
  const { lab, closed } = slowLab(1000);
  const { results } = await run(
    [
      s('x/late', async (ctx) => void ctx.check('one', { expected: 1, observed: 1 }), { needs: ['pgw'] }),
      s('x/next', async (ctx) => void ctx.check('one', { expected: 1, observed: 1 }), { needs: ['sgw'] }),
    ],
    { lab, timeoutS: 30, labSetupS: 0.2 },
  );
  t.like(results.scenarios[0], { status: 'error', element: 'lab' });
  t.regex(results.scenarios[0].error ?? '', /^lab: the lab's set-up .* took longer than 0\.2 s/);
  // The first scenario's lab arrived after it was given up, and was closed then, not left running.
  for (let i = 0; i < 100 && !closed.includes('pgw'); i++) await new Promise((r) => setTimeout(r, 50));
  t.true(closed.includes('pgw'), JSON.stringify(closed));
});
