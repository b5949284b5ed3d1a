import { join } from 'node:path';
import test from 'ava';
import { targetSchema } from '../../harness/lab/index.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { dockerProblem, dockerTarget, needDocker } from '../helpers/docker.ts';
import { dissect } from '../helpers/tshark.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The HSS-backed back-end scenarios (subscription PDN types, roaming restriction) in the docker
 * lab, the HSS stand-in in a container of its own: the MME driver's S6a goes over the lab network
 * to it, and its own capture, read by Wireshark's Diameter dissector, shows the Update Location
 * exchange. An HSS that ignores the roaming restriction fails, naming the HSS. In CI a missing
 * Docker is a failure, else a skip.
 */
const base = dockerTarget();

let why: string | undefined;
test.before(async () => {
  why = await dockerProblem();
});

test.serial(
  'subscription PDN types and roaming restrictions pass against the HSS in its container, whose capture shows ULR and ULA',
  async (t) => {
    if (!needDocker(t, why)) return;
    const dir = tempDir('hss-docker');
    // Both on one lab start.
    const results = await runScenarios(
      ['backend/subscription-pdn-type', 'backend/roaming-restriction'],
      base,
      90,
      {},
      dir,
    );
    t.is(results.length, 7);
    for (const r of results) t.is(r.status, 'passed', `${r.id}: ${failures(r).join('; ')} ${r.error ?? ''}`);
    const allowed = results.find((r) => r.id === 'backend/roaming-restriction/case-allowed-visitor')!;
    const capture = allowed.artifacts.find((a) => a.endsWith('-hss.pcap'));
    if (!capture) return t.fail(`no capture of the hss container among ${allowed.artifacts.join(', ')}`);
    // Update-Location (TS 29.272 §7.2.3-4: command 316), request and answer, in the HSS's own container.
    const ul = await dissect(join(dir, capture), { extraArgs: ['-Y', 'diameter.cmd.code == 316'] });
    t.deepEqual(
      ul.map((f) => f.fields.get('diameter.flags.request')?.[0]),
      ['1', '0'],
    );
    t.deepEqual(
      ul.flatMap((f) => f.errors),
      [],
    );
  },
);

test.serial(
  'an HSS container that ignores the roaming restriction fails the restricted visitor, naming the HSS',
  async (t) => {
    if (!needDocker(t, why)) return;
    const target = targetSchema.parse({
      ...base,
      elements: { ...base.elements, hss: { ...base.elements.hss, faults: ['ignore-roaming-restriction'] } },
    });
    const [r] = await runScenarios('backend/roaming-restriction/case-restricted-visitor', target, 90);
    t.is(r.status, 'failed', r.error ?? '');
    t.is(r.element, 'hss');
    t.is(
      failures(r)[0],
      'Update Location from 001-02: Experimental-Result DIAMETER_ERROR_ROAMING_NOT_ALLOWED: expected "Update-Location-Answer Experimental-Result 10415/5004", observed "Update-Location-Answer Result-Code 2001"',
    );
  },
);
