import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './errors.ts';

/**
 * The report folder is the user's: a run writes its files there and removes only what an earlier
 * run there wrote itself (the artifacts its results.json lists), never a folder or a file it did
 * not make. A folder that cannot be written is a usage error (exit 2), found before anything runs.
 */
export function prepareReportDir(dir: string): void {
  const rel = relative(process.cwd(), dir);
  const shown = rel && !rel.startsWith('..') ? rel : dir;
  const probe = join(dir, `.v6harness-write-test-${process.pid}`);
  try {
    makeDirs(resolve(dir));
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new UsageError(`cannot write the report directory ${shown} (${code}): choose another with --report-dir`);
  }
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir loops for ever under /proc (ENOENT for a
 * parent that exists), where this fails at once.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
}

/**
 * Removes the pcaps and logs the previous run in `dir` listed in its results.json (so that the
 * folder holds this run's artifacts only), and nothing else: files others put there stay.
 */
export function removePreviousArtifacts(dir: string): void {
  let previous: { scenarios?: { artifacts?: unknown }[]; artifacts?: unknown };
  try {
    previous = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as typeof previous;
  } catch {
    return;
  }
  const root = resolve(dir) + sep;
  for (const s of [...(previous.scenarios ?? []), previous]) {
    if (!Array.isArray(s.artifacts)) continue;
    for (const a of s.artifacts) {
      if (typeof a !== 'string') continue;
      const file = resolve(dir, a);
      // Only what a run writes: pcap/… and logs/…, inside the report folder.
      if (!file.startsWith(root) || !/^(pcap|logs)[/\\]/.test(relative(dir, file))) continue;
      rmSync(file, { force: true });
    }
  }
}
