import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../types.ts';

/**
 * One lab at a time per fixed subnet on this machine: two harness processes (parallel test files,
 * two runs) would both create fd00:6:1::/64 and docker refuses the second ("pool overlaps"). A
 * lock is a directory (mkdir is atomic) holding the owner's pid; a dead owner's lock is taken over.
 */
const DIR = process.env.V6HARNESS_LOCK_DIR ?? '/tmp/v6harness-locks';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireHostLock(name: string, waitMs = 20 * 60_000): Promise<() => void> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(process.pid));
      return () => rmSync(path, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(path, 'pid'), 'utf8'));
    } catch {
      // Being created or removed right now: look again.
    }
    if (Number.isInteger(owner) && (owner === process.pid || !alive(owner)))
      rmSync(path, { recursive: true, force: true });
    else if (Date.now() > deadline)
      throw new LabError(
        'lab',
        `another harness process (pid ${owner}) holds the ${name} lab network: waited ${waitMs / 1000} s`,
      );
    else await new Promise((r) => setTimeout(r, 250));
  }
}
