import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { execa, type ResultPromise } from 'execa';
import { acquireHostLock } from '../../../harness/lab/docker/host-lock.ts';
import { needRoot } from '../../helpers/root.ts';

/**
 * The docker lab's host lock (issue 19 item 5, lab robustness): one lab per fixed subnet on the
 * machine. The owner used to be judged alive by its pid, which a process in another PID namespace
 * (a session in a container sharing /tmp) cannot see: the lock was taken over from a live owner
 * and both labs made fd00:6:1::/64 ("Pool overlaps"). Now the kernel's flock decides: an owner
 * anywhere holds it until it releases or dies.
 */
const module = fileURLToPath(new URL('../../../harness/lab/docker/host-lock.ts', import.meta.url));
const dir = process.env.V6HARNESS_LOCK_DIR ?? '/tmp/v6harness-locks';
const names: string[] = [];
const lockName = () => {
  const n = `test-${randomBytes(4).toString('hex')}`;
  names.push(n);
  return n;
};
test.after.always(() => {
  for (const n of names) for (const f of [`${n}.lock`, `${n}.lock.owner`]) rmSync(`${dir}/${f}`, { force: true });
});

/** A holder in a process of its own (`prefix`: e.g. unshare into a new PID namespace); resolves once it holds. */
async function holder(name: string, prefix: string[] = []): Promise<{ child: ResultPromise }> {
  const script = `const { acquireHostLock } = await import(${JSON.stringify(module)});
const release = await acquireHostLock(${JSON.stringify(name)});
console.log('holding pid ' + process.pid);
process.stdin.on('data', () => { release(); console.log('released'); });
process.stdin.on('end', () => process.exit(0));`;
  const [cmd, ...args] = [...prefix, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  const child = execa(cmd!, args, { reject: false, stdin: 'pipe', timeout: 120_000 });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('holding')) resolve();
    });
    void child.then((r) => reject(new Error(`the holder ended before it held the lock: ${r.stderr}`)));
  });
  // Wrapped: an async function returning the child itself would wait for it to end.
  return { child };
}

/** How long acquiring `name` takes once free, ms, rejecting after `waitMs`. */
async function acquireWithin(name: string, waitMs: number): Promise<{ ms: number; release: () => void }> {
  const t0 = performance.now();
  const release = await acquireHostLock(name, { waitMs });
  return { ms: performance.now() - t0, release };
}

test('a lock held by a live process in another PID namespace is not taken over; its release frees it', async (t) => {
  if (!needRoot(t, 'a second PID namespace (unshare --pid)')) return;
  const name = lockName();
  const { child: other } = await holder(name, ['unshare', '--pid', '--fork', '--mount-proc']);
  // Its pid (1 in its namespace, something else here) proves nothing about whether it is alive.
  const err = await t.throwsAsync(acquireHostLock(name, { waitMs: 1500 }));
  t.regex(err?.message ?? '', /another harness process holds the test-[0-9a-f]+ lab network \(pid 1 on /);
  other.stdin?.write('release\n');
  const { ms, release } = await acquireWithin(name, 60_000);
  t.true(ms < 60_000);
  release();
  other.stdin?.end();
  await other;
});

test('a holder that dies (SIGKILL, no clean-up of its own) frees the lock: the kernel releases it', async (t) => {
  const name = lockName();
  const { child: other } = await holder(name);
  await t.throwsAsync(acquireHostLock(name, { waitMs: 500 }), { message: /another harness process holds/ });
  other.kill('SIGKILL');
  const { release } = await acquireWithin(name, 60_000);
  // And it is ours now: a third party waits.
  await t.throwsAsync(acquireHostLock(name, { waitMs: 300 }), { message: /another harness process holds/ });
  release();
  (await acquireWithin(name, 60_000)).release();
});

test('waiting for the lock stops at once when its signal aborts (Ctrl-C during the wait)', async (t) => {
  const name = lockName();
  const mine = await acquireHostLock(name);
  const ac = new AbortController();
  const waiting = acquireHostLock(name, { signal: ac.signal });
  setTimeout(() => ac.abort(), 200);
  const t0 = performance.now();
  await t.throwsAsync(waiting, { message: /stopped waiting for the test-[0-9a-f]+ lab lock/ });
  t.true(performance.now() - t0 < 10_000);
  mine();
});
