import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.ts';
import { parseThreshold } from './thresholds.ts';
import { loadYamlFile } from './yaml-file.ts';
import { projectRoot } from './paths.ts';

/** A suite file (scenarios/suites/*.yaml): which scenarios run, with what parameters and limits. */
const threshold = z
  .string()
  .refine((s) => parseThreshold(s) !== undefined, 'a threshold is "<op> <number>", e.g. "< 50"');

export const suiteSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Scenario ids or prefixes ending in `*` (e.g. `core/*`). */
    scenarios: z.array(z.string().min(1)).min(1, 'a suite selects at least one scenario'),
    /** Default per-scenario timeout in seconds. */
    timeout: z.number().positive().optional(),
    /** Failed SHOULD checks fail the scenario. */
    strict: z.boolean().default(false),
    /** Parameter overrides by scenario id (base id, before matrix expansion). */
    params: z.record(z.record(z.union([z.string(), z.number(), z.boolean()]))).default({}),
    thresholds: z.record(z.array(threshold)).default({}),
  })
  .strict();

export type Suite = z.infer<typeof suiteSchema>;

/** A suite by name (scenarios/suites/NAME.yaml) or by path. */
export function loadSuite(nameOrFile: string): { suite: Suite; file: string } {
  const file = resolveSuiteFile(nameOrFile);
  return { suite: loadYamlFile(file, suiteSchema), file };
}

export function resolveSuiteFile(nameOrFile: string): string {
  if (/\.ya?ml$/.test(nameOrFile) || nameOrFile.includes('/')) {
    const f = resolve(nameOrFile);
    if (!existsSync(f)) throw new UsageError(`suite file not found: ${nameOrFile}`);
    return f;
  }
  const f = join(projectRoot, 'scenarios', 'suites', `${nameOrFile}.yaml`);
  if (!existsSync(f)) throw new UsageError(`unknown suite "${nameOrFile}" (no scenarios/suites/${nameOrFile}.yaml)`);
  return f;
}
