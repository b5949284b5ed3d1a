import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from './paths.ts';
import { loadYamlFile } from './yaml-file.ts';

/** seeds/verification-list.yaml: the traceability root every scenario's `covers` points into. */
const itemSchema = z.object({
  id: z.string().regex(/^[A-Z0-9-]+$/),
  source: z.string(),
  ja: z.string(),
  en: z.string(),
  shows: z.string(),
});

const listSchema = z.object({ items: z.array(itemSchema).min(1) });

export type VerificationItem = z.infer<typeof itemSchema>;

export function loadVerificationList(file = join(projectRoot, 'seeds', 'verification-list.yaml')): VerificationItem[] {
  return loadYamlFile(file, listSchema).items;
}
