import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './errors.ts';
import { projectRoot } from './paths.ts';
import { expand, type ScenarioDefinition, type ScenarioInstance, type Params } from './scenario.ts';
import type { VerificationItem } from './verification.ts';

export { select } from './selection.ts';

/**
 * Finds every scenario module under scenarios/ (one area folder each) and expands parameter
 * matrices. A module exports its scenarios as `default` (one or a list) or as named exports.
 */
export async function discoverScenarios(root = join(projectRoot, 'scenarios')): Promise<ScenarioInstance[]> {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('suites'))
    .sort();
  const defs: ScenarioDefinition<Params>[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(root, f)).href)) as Record<string, unknown>;
    for (const v of Object.values(mod)) {
      for (const d of Array.isArray(v) ? v : [v]) if (isDefinition(d)) defs.push(d);
    }
  }
  const instances = defs.flatMap(expand);
  const seen = new Map<string, string>();
  for (const i of instances) {
    if (seen.has(i.id)) throw new UsageError(`scenario id ${i.id} is defined twice`);
    seen.set(i.id, i.id);
  }
  return instances;
}

function isDefinition(v: unknown): v is ScenarioDefinition<Params> {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ScenarioDefinition).id === 'string' &&
    typeof (v as ScenarioDefinition).run === 'function'
  );
}

/** Checks every `covers` id against the verification list. */
export function checkCovers(all: readonly Pick<ScenarioInstance, 'id' | 'covers'>[], items: VerificationItem[]): void {
  const ids = new Set(items.map((i) => i.id));
  for (const s of all) {
    for (const c of s.covers)
      if (!ids.has(c))
        throw new UsageError(`scenario ${s.id} covers "${c}", which is not in seeds/verification-list.yaml`);
  }
}
