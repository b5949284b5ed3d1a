import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { UsageError } from '../../../harness/runner/errors.ts';
import { previousFailures } from '../../../harness/runner/last-failed.ts';
import { applyParamOverrides, parseParamOverride } from '../../../harness/runner/param-overrides.ts';
import { defineScenario, expand } from '../../../harness/runner/scenario.ts';
import { selectScenarios } from '../../../harness/runner/selection.ts';
import { suiteSchema } from '../../../harness/runner/suite.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const base = { covers: ['MNO-CORE'], run: async () => {} };
const all = [
  ...expand(defineScenario({ ...base, id: 'core/s5-echo', title: 'GTPv2 Echo', tags: ['gtpv2c'] }) as never),
  ...expand(defineScenario({ ...base, id: 'core/s5-echo-restart-counter', title: 'Restart counter' }) as never),
  ...expand(
    defineScenario<{ innerLength: number }>({
      ...base,
      id: 'core/s5u-throughput',
      title: 'S5-U throughput',
      tags: ['gtpu', 'load'],
      params: { innerLength: [64, 1500] },
    }) as never,
  ),
  ...expand(
    defineScenario({ ...base, id: 'gateway/dns64-synthesis', title: 'DNS64 synthesis', tags: ['dns64'] }) as never,
  ),
];
const ids = (sel: Parameters<typeof selectScenarios>[1]) => selectScenarios(all, sel).map((s) => s.id);

test('--grep is a case-insensitive regular expression on id or title, repeatable (any matches)', (t) => {
  t.deepEqual(ids({ grep: ['innerlength-(64|1500)$'] }), [
    'core/s5u-throughput/innerlength-64',
    'core/s5u-throughput/innerlength-1500',
  ]);
  t.deepEqual(ids({ grep: ['^core/s5-echo$'] }), ['core/s5-echo']);
  t.deepEqual(ids({ grep: ['DNS64 SYNTH'] }), ['gateway/dns64-synthesis'], 'title, any case');
  t.deepEqual(ids({ grep: ['restart', 'dns64'] }), ['core/s5-echo-restart-counter', 'gateway/dns64-synthesis']);
  const e = t.throws(() => ids({ grep: ['(unclosed'] }), { instanceOf: UsageError });
  t.regex(e!.message, /--grep "\(unclosed" is not a regular expression/);
});

test('--grep-invert drops what matches; --tag keeps any of the tags; empty selections say what was asked', (t) => {
  t.deepEqual(ids({ grep: ['throughput'], grepInvert: ['1500'] }), ['core/s5u-throughput/innerlength-64']);
  t.deepEqual(ids({ tags: ['dns64', 'gtpv2c'] }), ['core/s5-echo', 'gateway/dns64-synthesis']);
  const e = t.throws(() => ids({ suite: 'core', patterns: ['core/*'], grep: ['dns64'], tags: ['load'] }), {
    instanceOf: UsageError,
  });
  t.is(e!.message, 'no scenario selected (suite core, --tag load, --grep dns64)');
});

test('suite patterns keep their order; ids of a previous run, then shards, narrow them', (t) => {
  t.deepEqual(ids({ patterns: ['gateway/*', 'core/s5-echo'] }), ['gateway/dns64-synthesis', 'core/s5-echo']);
  t.deepEqual(ids({ patterns: ['core/*'], ids: ['core/s5u-throughput/innerlength-1500', 'core/gone'] }), [
    'core/s5u-throughput/innerlength-1500',
  ]);
  const shards = [1, 2, 3].map((i) => ids({ shard: `${i}/3` }));
  t.deepEqual(shards.flat().sort(), all.map((s) => s.id).sort(), 'disjoint and complete');
  t.deepEqual(shards[0], ['core/s5-echo', 'core/s5u-throughput/innerlength-1500']);
  t.throws(() => ids({ shard: '4/3' }), { message: /--shard must be i\/n with 1 ≤ i ≤ n, got "4\/3"/ });
  t.throws(() => ids({ patterns: ['core/nope'], source: 's.yaml' }), {
    message: 's.yaml: scenarios: unknown scenario "core/nope"',
  });
});

test('--param overrides suite parameters for every selected scenario or one; matrix parameters are refused', (t) => {
  t.deepEqual(parseParamOverride('budgetMs=40'), { key: 'budgetMs', value: 40 });
  t.deepEqual(parseParamOverride('iot/control-loop:strict=true'), {
    scenario: 'iot/control-loop',
    key: 'strict',
    value: true,
  });
  t.deepEqual(parseParamOverride('duration=3s'), { key: 'duration', value: '3s' });
  t.throws(() => parseParamOverride('novalue'), { message: /--param must be KEY=VALUE or SCENARIO:KEY=VALUE/ });
  const suite = suiteSchema.parse({ name: 's', scenarios: ['core/*'], params: { 'core/s5-echo': { tries: 2 } } });
  const selected = selectScenarios(all, { patterns: ['core/*'] });
  const out = applyParamOverrides(suite, selected, ['tries=5', 'core/s5u-throughput:trialMs=250']);
  t.deepEqual(out.params, {
    'core/s5-echo': { tries: 5 },
    'core/s5-echo-restart-counter': { tries: 5 },
    'core/s5u-throughput': { tries: 5, trialMs: 250 },
  });
  t.deepEqual(suite.params, { 'core/s5-echo': { tries: 2 } }, 'the loaded suite is left as it was');
  t.throws(() => applyParamOverrides(suite, selected, ['innerLength=64']), {
    message: /innerLength is a matrix parameter of core\/s5u-throughput \(one instance per value: 64, 1500\)/,
  });
  t.throws(() => applyParamOverrides(suite, selected, ['gateway/dns64-synthesis:x=1']), {
    message: /scenario gateway\/dns64-synthesis is not selected/,
  });
});

test('--last-failed reads the failed and errored ids and the suite of the previous results.json', (t) => {
  const dir = tempDir('last-failed');
  t.throws(() => previousFailures(dir), { message: /--last-failed: no previous run in .*results\.json/ });
  const scenario = (id: string, status: string) => ({ id, status, checks: [], metrics: [] });
  writeFileSync(
    join(dir, 'results.json'),
    JSON.stringify({
      startedAt: '2026-01-01T00:00:00Z',
      suite: 'core',
      scenarios: [
        scenario('core/a', 'passed'),
        scenario('core/b', 'failed'),
        scenario('core/c', 'error'),
        scenario('core/d', 'skipped'),
      ],
    }),
  );
  t.like(previousFailures(dir), { ids: ['core/b', 'core/c'], suite: 'core' });
  writeFileSync(
    join(dir, 'results.json'),
    JSON.stringify({ startedAt: 'x', scenarios: [scenario('core/a', 'passed')] }),
  );
  t.throws(() => previousFailures(dir), { message: /nothing to rerun, no scenario failed or errored/ });
  writeFileSync(join(dir, 'results.json'), '{ not json');
  t.throws(() => previousFailures(dir), { instanceOf: UsageError, message: /--last-failed: .*results\.json: / });
});
