import { execa } from 'execa';

/**
 * The docker CLI for what testcontainers cannot do here: IPv6-enabled networks (its Network
 * always sets EnableIPv6 false), container IPv6 addresses, logs, and removing leftovers by label.
 */
export async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
  const r = await execa('docker', args, { reject: false, timeout: timeoutMs });
  if (r.exitCode !== 0)
    throw new Error(`docker ${args.slice(0, 2).join(' ')}: ${(r.stderr || r.stdout).trim().split('\n').at(-1)}`);
  return r.stdout.trim();
}

/** Every container and network the lab made (label v6harness.lab=1), from this run or a crashed one. */
export async function removeLabObjects(filter = 'label=v6harness.lab=1'): Promise<void> {
  const containers = (await docker(['ps', '-aq', '--filter', filter])).split('\n').filter(Boolean);
  if (containers.length) await docker(['rm', '-f', ...containers]);
  const networks = (await docker(['network', 'ls', '-q', '--filter', filter])).split('\n').filter(Boolean);
  for (const n of networks) await docker(['network', 'rm', n]).catch(() => undefined);
}

export async function dockerAvailable(): Promise<string | undefined> {
  try {
    await docker(['info', '--format', '{{.ServerVersion}}'], 10_000);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The labels of everything one lab makes: its kind (v6harness.lab or v6harness.manual), its run,
 * and the harness process that owns it, so a later run removes only what a dead process left.
 */
export function labLabels(kind: string, run: string): Record<string, string> {
  return { v6harness: '1', [kind]: '1', 'v6harness.run': run, 'v6harness.pid': String(process.pid) };
}

export const labelFlags = (labels: Record<string, string>): string[] =>
  Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);

/** Whether the process of a lab's owner (a pid as text) still runs. */
export function alive(pid: string): boolean {
  if (!/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What crashed runs left (label v6harness.lab=1, owner process gone): removed when a lab starts.
 * Labs of other live harness processes (a parallel test file, a second run) are left alone.
 */
export async function removeAbandonedLabObjects(): Promise<void> {
  const rows = async (kind: 'ps' | 'network') =>
    (
      await docker(
        kind === 'ps'
          ? ['ps', '-a', '--filter', 'label=v6harness.lab=1', '--format', '{{.ID}} {{.Label "v6harness.pid"}}']
          : ['network', 'ls', '--filter', 'label=v6harness.lab=1', '--format', '{{.ID}} {{.Label "v6harness.pid"}}'],
      )
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' '));
  const containers = (await rows('ps')).filter(([, pid]) => !alive(pid ?? '')).map(([id]) => id);
  if (containers.length) await docker(['rm', '-f', ...containers]);
  for (const [id, pid] of await rows('network'))
    if (!alive(pid ?? '')) await docker(['network', 'rm', id]).catch(() => undefined);
}
