import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';

/**
 * Directories a test file makes for reports, pcaps and element configs. They are removed when the
 * file's tests have ended, passed or failed: a long-lived CI machine otherwise fills its disk (78 GB
 * of report directories were found once). Set V6H_KEEP_TEMP=1 to keep them for a look after a run.
 */
const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `v6h-${prefix}-`));
  made.push(dir);
  return dir;
}

test.after.always('remove the temporary directories of this file', () => {
  if (process.env.V6H_KEEP_TEMP) return;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
