import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed project's root (where package.json, seeds/, scenarios/ and targets/ are). */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
