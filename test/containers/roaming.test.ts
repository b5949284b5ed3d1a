import test from 'ava';
import { targetSchema } from '../../harness/lab/index.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { dockerProblem, dockerTarget, needDocker } from '../helpers/docker.ts';

/**
 * The roaming suite in the docker lab: the home PGW (kernel SGi, a real tayga as its PLAT), the
 * visited PGW and the SGW each in a container of their own. Every cell of the matrix and the four
 * 464XLAT cases pass, with the facts the report's matrix shows; a visited PGW that sends no RA
 * fails IPv6 end to end in local breakout, naming the visited PGW. In CI a missing Docker is a
 * failure, else a skip.
 */
const base = dockerTarget();

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial('the roaming matrix and 464XLAT when roaming pass against the stand-ins in their containers', async (t) => {
  if (!needDocker(t, why)) return;
  // Both on one lab start.
  const results = await runScenarios(['roaming/visited-network', 'roaming/464xlat-breakout'], base, 90);
  const matrix = results.filter((r) => r.id.startsWith('roaming/visited-network/'));
  t.is(matrix.length, 12);
  for (const r of matrix) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  const rel8 = matrix.find((r) => r.id === 'roaming/visited-network/visited-ipv4-only/ue-ipv4v6/breakout-home-routed');
  t.is(rel8?.facts?.['PDN types held'], 'ipv4');
  const xlat = results.filter((r) => r.id.startsWith('roaming/464xlat-breakout'));
  t.is(xlat.length, 4);
  t.is(results.length, 16);
  for (const r of xlat) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
  // Home-routed goes through the real tayga behind the home PGW; local breakout without a visited PLAT breaks.
  t.deepEqual(
    xlat.map((r) => r.facts?.['IPv4 application over 464XLAT']),
    ['works', 'works', 'works', 'broken'],
  );
});

test.serial(
  'a visited PGW container that sends no RA fails IPv6 end to end in local breakout, naming the visited PGW',
  async (t) => {
    if (!needDocker(t, why)) return;
    const target = targetSchema.parse({
      ...base,
      elements: { ...base.elements, vpgw: { ...base.elements.vpgw, faults: ['no-ra'] } },
    });
    const [r] = await runScenarios('roaming/visited-network/visited-dual-stack/ue-ipv6/breakout-local', target, 90);
    t.is(r.status, 'failed', r.error ?? '');
    t.is(r.element, 'vpgw');
    t.deepEqual(failures(r), ['IPv6 works end to end: expected true, observed false']);
  },
);
