import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { LabError } from '../types.ts';
import { KERNEL_USER_PLANE } from './topology.ts';

/**
 * How every element container of the docker lab starts (stand-ins, the gateway centre's real
 * elements, open5gs): testcontainers creates it on the lab network with its labels, files and
 * settings, and waits for the `v6harness-ready` line its entry point prints; a container that
 * never gets ready is removed by testcontainers, so its last lines of output are kept for the
 * error, which names the element.
 */
export interface ElementContainer {
  /** The element, named in errors. */
  element: string;
  /** What the error calls it ("stand-in", "open5gs", ...). */
  kind?: string;
  image: string;
  /** The container's name (unique per start). */
  name: string;
  /** A docker network name, or 'none'. */
  network: string;
  labels: Record<string, string>;
  environment?: Record<string, string>;
  files?: { content: string; target: string }[];
  entrypoint?: string[];
  sysctls?: Record<string, string>;
  /** /dev/net/tun, NET_ADMIN and forwarding of both families: a kernel user plane or translator. */
  kernel?: boolean;
  startupTimeoutMs?: number;
  /** Lines of its output kept for the error (default 6). */
  keepLines?: number;
}

/** testcontainers has no API for devices or sysctls. */
class LabContainer extends GenericContainer {
  withSysctls(sysctls: Record<string, string>): this {
    this.hostConfig.Sysctls = { ...(this.hostConfig.Sysctls ?? {}), ...sysctls };
    return this;
  }

  withKernelUserPlane(): this {
    this.withSysctls(KERNEL_USER_PLANE.sysctls);
    this.hostConfig.Devices = [
      ...(this.hostConfig.Devices ?? []),
      { PathOnHost: KERNEL_USER_PLANE.device, PathInContainer: KERNEL_USER_PLANE.device, CgroupPermissions: 'rwm' },
    ];
    return this.withAddedCapabilities(KERNEL_USER_PLANE.capability);
  }
}

export function startElementContainer(o: ElementContainer): Promise<StartedTestContainer> {
  const c = new LabContainer(o.image);
  if (o.kernel) c.withKernelUserPlane();
  if (o.sysctls) c.withSysctls(o.sysctls);
  if (o.environment) c.withEnvironment(o.environment);
  if (o.files?.length) c.withCopyContentToContainer(o.files);
  if (o.entrypoint) c.withEntrypoint(o.entrypoint);
  const keep = o.keepLines ?? 6;
  const output: string[] = [];
  return c
    .withName(o.name)
    .withLogConsumer((stream) => {
      stream.on('data', (d: Buffer | string) => {
        output.push(...String(d).split('\n').filter(Boolean));
        output.splice(0, Math.max(0, output.length - keep));
      });
    })
    .withNetworkMode(o.network)
    .withLabels({ ...o.labels, 'v6harness.element': o.element })
    .withWaitStrategy(Wait.forLogMessage('v6harness-ready'))
    .withStartupTimeout(o.startupTimeoutMs ?? 30_000)
    .start()
    .catch((e: unknown) => {
      // What the element itself said is the useful part (a config error, a missing kernel feature).
      const said = output.join(' | ');
      throw new LabError(
        o.element,
        `${o.element}${o.kind ? ` (${o.kind})` : ''} container did not start: ${e instanceof Error ? e.message : String(e)}${said ? `; its output: ${said}` : ''}`,
      );
    });
}
