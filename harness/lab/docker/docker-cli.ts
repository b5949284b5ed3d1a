import { execa } from 'execa';

/**
 * The docker CLI for what testcontainers cannot do here: IPv6-enabled networks (its Network
 * always sets EnableIPv6 false), container IPv6 addresses, logs, and removing leftovers by label.
 */
export async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
  const r = await execa('docker', args, { reject: false, timeout: timeoutMs });
  if (r.exitCode !== 0) throw new Error(`docker ${args.slice(0, 2).join(' ')}: ${(r.stderr || r.stdout).trim().split('\n').at(-1)}`);
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
