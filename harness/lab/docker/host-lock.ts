import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { LabError } from '../types.ts';

/**
 * One lab at a time per fixed subnet on this machine: two harness processes (parallel test files,
 * two runs, two sessions in containers sharing /tmp) would both create fd00:6:1::/64 and docker
 * refuses the second ("pool overlaps"). The lock is the kernel's: flock(2) on a file, taken by a
 * flock(1) child (util-linux) that holds it while its stdin stays open. The kernel releases it when
 * the last holder of the open file goes — on release, or when the harness dies (its end of the
 * pipe closes, `cat` ends) — whatever PID namespace the owner lives in: no pid to judge, no stale
 * lock to take over. Beside the lock, a note of the owner (pid, host, when) for the error message.
 */
const DIR = process.env.V6HARNESS_LOCK_DIR ?? '/tmp/v6harness-locks';

export interface HostLockOptions {
  /** How long to wait for another owner, ms (the lab's set-up bound covers it too). */
  waitMs?: number;
  /** Stops waiting (Ctrl-C, the scenario's set-up bound). */
  signal?: AbortSignal;
}

/** Who holds lock `name`, as its owner wrote it (or 'unknown' before it did). */
function ownerOf(path: string): string {
  try {
    const o = JSON.parse(readFileSync(`${path}.owner`, 'utf8')) as { pid?: number; host?: string; since?: string };
    return `pid ${o.pid} on ${o.host}, since ${o.since}`;
  } catch {
    return 'owner unknown';
  }
}

export const lockPath = (name: string) => join(DIR, `${name}.lock`);

/**
 * A held lock: call it to release. `pipe` is what keeps it held (our end of its holder's stdin): a
 * process given a copy holds the lock until it too has closed it (the lab's detached clean-up).
 */
export type HeldLock = (() => void) & { pipe: Writable };

/** Waits for lock `name` (at most `waitMs`); resolves with its release. */
export async function acquireHostLock(name: string, opts: HostLockOptions = {}): Promise<HeldLock> {
  const release = await hold(name, false, opts);
  if (!release) throw new LabError('lab', `the ${name} lab lock was not taken`);
  return release;
}

/** Takes lock `name` only if it is free now: its release, or undefined while someone holds it. */
export function tryHostLock(name: string): Promise<HeldLock | undefined> {
  return hold(name, true, {});
}

async function hold(name: string, nonblock: boolean, opts: HostLockOptions): Promise<HeldLock | undefined> {
  const waitMs = opts.waitMs ?? 20 * 60_000;
  mkdirSync(DIR, { recursive: true, mode: 0o1777 });
  const path = lockPath(name);
  // `cat` keeps the locked file open until our end of its stdin closes (release, or our death).
  const flags = nonblock ? ['--exclusive', '--nonblock', '--conflict-exit-code', '75'] : ['--exclusive'];
  const child = spawn('flock', [...flags, path, 'sh', '-c', 'echo held && exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const held = await new Promise<boolean>((resolve, reject) => {
    let err = '';
    const done = (v: boolean | Error) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (v instanceof Error) reject(v);
      else resolve(v);
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      done(new LabError('lab', `stopped waiting for the ${name} lab lock (${ownerOf(path)})`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(
        new LabError(
          'lab',
          `another harness process holds the ${name} lab network (${ownerOf(path)}; lock ${path}): waited ${waitMs / 1000} s`,
        ),
      );
    }, waitMs);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('held')) done(true);
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', (e) =>
      done(new LabError('lab', `the ${name} lab lock needs flock(1) from util-linux: ${e.message}`)),
    );
    child.on('exit', (code) =>
      done(
        nonblock && code === 75 ? false : new LabError('lab', `flock on ${path} ended (code ${code}): ${err.trim()}`),
      ),
    );
  });
  if (!held) return undefined;
  writeFileSync(
    `${path}.owner`,
    JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
  );
  // Holding the lock keeps nothing alive: the process ends when its work does, and the lock with it.
  child.removeAllListeners('exit');
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as Socket).unref();
  let legacy: (() => void) | undefined;
  if (!nonblock)
    try {
      legacy = await legacyLock(name, waitMs, opts.signal);
    } catch (e) {
      child.stdin.end();
      throw e;
    }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    legacy?.();
    child.stdin.end();
  };
  return Object.assign(release, { pipe: child.stdin });
}

/**
 * Transitional: harness versions before this lock took a directory `DIR/name` holding their pid
 * (mkdir is atomic) and waited while it existed with a live pid. Until no such version runs on a
 * machine, the flock's holder also takes that directory, so the two kinds of lab exclude each
 * other; a directory whose pid is gone here is taken over, as those versions did.
 */
async function legacyLock(name: string, waitMs: number, signal?: AbortSignal): Promise<() => void> {
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
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(join(path, 'pid'), 'utf8'));
    } catch {
      // Being created or removed right now: look again.
    }
    if (Number.isInteger(owner) && (owner === process.pid || !alive(owner)))
      rmSync(path, { recursive: true, force: true });
    else if (signal?.aborted) throw new LabError('lab', `stopped waiting for the ${name} lab lock (pid ${owner})`);
    else if (Date.now() > deadline)
      throw new LabError('lab', `an older harness process (pid ${owner}) holds the ${name} lab network (${path})`);
    else await new Promise((r) => setTimeout(r, 250));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
