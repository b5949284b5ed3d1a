import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from './paths.ts';
import { discoverScenarios } from './registry.ts';
import type { ScenarioInstance } from './scenario.ts';

/**
 * What `list` shows of a scenario, without its `run`: kept in node_modules/.cache/v6harness so
 * that `list` does not import every scenario module (hundreds of files through tsx, seconds of
 * start-up). The cache is keyed by the size and time of every source file under scenarios/ and
 * harness/ (a scenario's metadata may come from any module it imports); any change rebuilds it.
 */
export type ScenarioInfo = Omit<ScenarioInstance, 'definition'> & { definition: { id: string } };

const CACHE = join(projectRoot, 'node_modules', '.cache', 'v6harness', 'scenario-index.json');

function fingerprint(): string {
  const hash = createHash('sha256');
  for (const dir of ['scenarios', 'harness']) {
    const files = readdirSync(join(projectRoot, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .sort();
    for (const f of files) {
      const s = statSync(join(projectRoot, dir, f));
      hash.update(`${dir}/${f}\0${s.size}\0${s.mtimeMs}\n`);
    }
  }
  return hash.digest('hex');
}

export function describe(instances: readonly ScenarioInstance[]): ScenarioInfo[] {
  return instances.map(({ definition, ...rest }) => ({ ...rest, definition: { id: definition.id } }));
}

/** Every scenario's metadata: from the cache when no source changed, else by importing them (and caching). */
export async function scenarioIndex(): Promise<ScenarioInfo[]> {
  const key = fingerprint();
  try {
    const cached = JSON.parse(readFileSync(CACHE, 'utf8')) as { key: string; scenarios: ScenarioInfo[] };
    if (cached.key === key) return cached.scenarios;
  } catch {
    // No cache yet, or an unreadable one: rebuilt below.
  }
  const scenarios = describe(await discoverScenarios());
  try {
    mkdirSync(dirname(CACHE), { recursive: true });
    writeFileSync(CACHE, JSON.stringify({ key, scenarios }));
  } catch {
    // A read-only installation lists the slow way every time.
  }
  return scenarios;
}
