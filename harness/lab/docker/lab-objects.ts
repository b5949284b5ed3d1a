import { rmSync } from 'node:fs';
import { dockerApi, dockerReason } from './docker-api.ts';
import { lockPath, tryHostLock } from './host-lock.ts';

/**
 * Everything one lab makes carries labels: its kind (v6harness.lab, or v6harness.manual for `lab
 * up`), its run, and the harness process that owns it. The run's owner holds the host lock
 * `run-<run>` (host-lock.ts) while it lives, so a later lab tells a dead owner's leftovers from a
 * live lab's by the kernel's lock, not by a pid another PID namespace cannot see. Docker's Engine
 * API (dockerode) throughout.
 */
export function labLabels(kind: string, run: string): Record<string, string> {
  return { v6harness: '1', [kind]: '1', 'v6harness.run': run, 'v6harness.pid': String(process.pid) };
}

/** The lock a run holds while its owner lives. */
export const runLock = (run: string) => `run-${run}`;

/** Whether the process of a lab's owner (a pid as text) still runs here (the SGi iptables rules' owner). */
export function alive(pid: string): boolean {
  if (!/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function dockerAvailable(): Promise<string | undefined> {
  try {
    await dockerApi().ping();
    return undefined;
  } catch (e) {
    return dockerReason(e);
  }
}

export async function imageExists(image: string): Promise<boolean> {
  return dockerApi()
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

interface Labelled {
  id: string;
  labels: Record<string, string>;
}

async function labelled(label: string): Promise<{ containers: Labelled[]; networks: Labelled[] }> {
  const filters = { label: [label] };
  const [cs, ns] = await Promise.all([
    dockerApi().listContainers({ all: true, filters }),
    dockerApi().listNetworks({ filters }),
  ]);
  return {
    containers: cs.map((c) => ({ id: c.Id, labels: c.Labels ?? {} })),
    networks: ns.map((n) => ({ id: n.Id, labels: (n.Labels as Record<string, string> | undefined) ?? {} })),
  };
}

/** Removes containers (forced, all at once), then the networks they were on. */
async function remove(containers: readonly Labelled[], networks: readonly Labelled[]): Promise<void> {
  await Promise.all(
    containers.map((c) =>
      dockerApi()
        .getContainer(c.id)
        .remove({ force: true, v: true })
        .catch((e: unknown) => {
          if ((e as { statusCode?: number }).statusCode === 404) return;
          throw new Error(`docker rm ${c.id.slice(0, 12)}: ${dockerReason(e)}`);
        }),
    ),
  );
  await Promise.all(
    networks.map((n) =>
      dockerApi()
        .getNetwork(n.id)
        .remove()
        .catch(() => undefined),
    ),
  );
}

/** Every container and network carrying `label` (`key=value`), from this run or a crashed one. */
export async function removeLabObjects(label = 'v6harness.lab=1'): Promise<void> {
  const found = await labelled(label);
  await remove(found.containers, found.networks);
}

/**
 * What crashed runs left (label v6harness.lab=1, the run's lock free): removed when a lab starts.
 * Labs of other live harness processes (a parallel test file, a second run, another PID namespace)
 * hold their run's lock and are left alone.
 */
export async function removeAbandonedLabObjects(own: string): Promise<void> {
  const found = await labelled('v6harness.lab=1');
  const runs = new Set([...found.containers, ...found.networks].map((o) => o.labels['v6harness.run'] ?? ''));
  runs.delete(own);
  for (const run of runs) {
    const release = run ? await tryHostLock(runLock(run)) : undefined;
    if (run && !release) continue;
    const of = (o: Labelled) => (o.labels['v6harness.run'] ?? '') === run;
    await remove(found.containers.filter(of), found.networks.filter(of));
    if (release) {
      release();
      for (const f of [lockPath(runLock(run)), `${lockPath(runLock(run))}.owner`]) rmSync(f, { force: true });
    }
  }
}

/** One plain container of the lab image (an internet host, a firewall's server), started detached. */
export interface PlainContainer {
  name: string;
  image: string;
  labels: Record<string, string>;
  /** A network name, or 'none'. */
  network: string;
  ipv6?: string;
  ipv4?: string;
  capAdd?: string[];
  sysctls?: Record<string, string>;
  /** Run by `sh -c`. */
  command: string;
}

/** As `docker run -d`; resolves with the container's id. */
export async function runPlain(p: PlainContainer): Promise<string> {
  const ipam = { ...(p.ipv6 ? { IPv6Address: p.ipv6 } : {}), ...(p.ipv4 ? { IPv4Address: p.ipv4 } : {}) };
  const c = await dockerApi()
    .createContainer({
      name: p.name,
      Image: p.image,
      Labels: p.labels,
      Entrypoint: ['sh', '-c', p.command],
      HostConfig: {
        NetworkMode: p.network,
        ...(p.capAdd ? { CapAdd: p.capAdd } : {}),
        ...(p.sysctls ? { Sysctls: p.sysctls } : {}),
      },
      ...(p.network !== 'none' && (p.ipv6 || p.ipv4)
        ? { NetworkingConfig: { EndpointsConfig: { [p.network]: { IPAMConfig: ipam } } } }
        : {}),
    })
    .catch((e: unknown) => {
      throw new Error(`docker run ${p.name}: ${dockerReason(e)}`);
    });
  await c.start().catch(async (e: unknown) => {
    await c.remove({ force: true }).catch(() => undefined);
    throw new Error(`docker run ${p.name}: ${dockerReason(e)}`);
  });
  return c.id;
}

/** Removes one container, running or not; one already gone is no error. */
export async function removeContainer(id: string): Promise<void> {
  await remove([{ id, labels: {} }], []);
}
