import { spawnSync } from 'node:child_process';
import { execa } from 'execa';
import { LabError } from '../types.ts';

/**
 * Network namespaces (ip-netns(8)) made by this process: created, and deleted with whatever still
 * runs in them. Deleting a namespace deletes the veth ends inside it, and with each its peer, so
 * nothing a test made stays on the machine. Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN).
 */
const open = new Set<string>();

/** Runs ip(8); a failure is a LabError naming `who` and the command. */
export async function ip(who: string, args: string[]): Promise<string> {
  const r = await execa('ip', args, { reject: false, timeout: 15_000 });
  if (r.exitCode !== 0)
    throw new LabError(
      who,
      `ip ${args.join(' ')}: ${(r.stderr || r.stdout || 'failed').trim()} (network namespaces need root)`,
    );
  return r.stdout;
}

export async function addNamespace(who: string, ns: string): Promise<void> {
  await ip(who, ['netns', 'add', ns]);
  open.add(ns);
  await ip(who, ['-n', ns, 'link', 'set', 'lo', 'up']);
}

/** Ends what runs in `ns` (SIGKILL) and deletes it; a namespace this process did not make is left alone. */
export async function deleteNamespace(ns: string): Promise<void> {
  if (!open.has(ns)) return;
  const pids = await execa('ip', ['netns', 'pids', ns], { reject: false });
  for (const pid of pids.stdout.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await execa('ip', ['netns', 'del', ns], { reject: false });
  open.delete(ns);
}

/** Waits until `dev` (in `ns`, or the root namespace) has carrier. */
export async function waitLowerUp(who: string, dev: string, ns?: string): Promise<void> {
  for (let i = 0; !(await ip(who, [...(ns ? ['-n', ns] : []), 'link', 'show', 'dev', dev])).includes('LOWER_UP'); i++) {
    if (i > 100) throw new LabError(who, `${dev} did not come up`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// A test that dies leaves no namespaces behind: the process's last act deletes the open ones.
process.once('exit', () => {
  for (const ns of open) spawnSync('ip', ['netns', 'del', ns]);
});
