import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { targetSchema, validateTarget, type Target } from '../lab/index.ts';
import { UsageError } from './errors.ts';
import { projectRoot } from './paths.ts';
import { loadYamlFile } from './yaml-file.ts';

export const DEFAULT_TARGET = 'targets/standins.yaml';

/** Loads and validates a target file, including the stand-ins' fault names. */
export function loadTarget(file?: string): { target: Target; file: string } {
  const path = file ? resolve(file) : join(projectRoot, DEFAULT_TARGET);
  if (!existsSync(path)) throw new UsageError(`target file not found: ${file ?? DEFAULT_TARGET}`);
  return { target: loadYamlFile(path, targetSchema, (t) => validateTarget(t, dirname(path))), file: path };
}
