import Docker from 'dockerode';
import { assertFreeSubnet } from './free-subnet.ts';
import type { LabNetwork } from './topology.ts';

/**
 * Docker's Engine API (dockerode, the client testcontainers itself uses) for what testcontainers
 * has no API for: networks with IPv6 (its Network always sets EnableIPv6 false) and a container's
 * addresses. Structured answers, no docker CLI output to parse. DOCKER_HOST is honoured as by the CLI.
 */
let api: Docker | undefined;
export const dockerApi = (): Docker => (api ??= new Docker());

/** Docker's own message of a failed API call (dockerode puts the daemon's JSON in `json`). */
export function dockerReason(e: unknown): string {
  const err = e as { json?: { message?: string }; message?: string };
  return err.json?.message ?? err.message ?? String(e);
}

/**
 * Creates a lab network of topology.ts under `name`, after checking that none of its subnets
 * overlaps a network this machine is on (free-subnet.ts); `element` is named in that error.
 */
export async function createLabNetwork(
  name: string,
  net: LabNetwork,
  labels: Record<string, string>,
  element = 'lab',
): Promise<void> {
  const subnets = [net.ipv6, net.ipv4].filter((s): s is string => s !== undefined);
  for (const s of subnets) await assertFreeSubnet(s, element);
  await dockerApi()
    .createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      EnableIPv6: net.ipv6 !== undefined,
      Internal: net.internal,
      IPAM: { Driver: 'default', Config: subnets.map((Subnet) => ({ Subnet })) },
      Options: net.mtu ? { 'com.docker.network.driver.mtu': String(net.mtu) } : {},
      Labels: labels,
    })
    .catch((e: unknown) => {
      throw new Error(`docker network create ${name}: ${dockerReason(e)}`);
    });
}

/** A container's addresses on one network: global IPv6 and IPv4 ('' where it has none). */
export async function containerAddresses(id: string, network: string): Promise<{ ipv6: string; ipv4: string }> {
  const info = await dockerApi()
    .getContainer(id)
    .inspect()
    .catch((e: unknown) => {
      throw new Error(`docker inspect ${id.slice(0, 12)}: ${dockerReason(e)}`);
    });
  const n = info.NetworkSettings.Networks[network];
  return { ipv6: n?.GlobalIPv6Address ?? '', ipv4: n?.IPAddress ?? '' };
}

/** Joins a running container to a network, at a fixed address of either family where given. */
export async function connectTo(network: string, id: string, at: { ipv6?: string; ipv4?: string } = {}): Promise<void> {
  const ipam = { ...(at.ipv6 ? { IPv6Address: at.ipv6 } : {}), ...(at.ipv4 ? { IPv4Address: at.ipv4 } : {}) };
  await dockerApi()
    .getNetwork(network)
    .connect({ Container: id, ...(at.ipv6 || at.ipv4 ? { EndpointConfig: { IPAMConfig: ipam } } : {}) })
    .catch((e: unknown) => {
      throw new Error(`docker network connect ${network} ${id.slice(0, 12)}: ${dockerReason(e)}`);
    });
}

export async function disconnectFrom(network: string, id: string): Promise<void> {
  await dockerApi()
    .getNetwork(network)
    .disconnect({ Container: id, Force: true })
    .catch((e: unknown) => {
      throw new Error(`docker network disconnect ${network} ${id.slice(0, 12)}: ${dockerReason(e)}`);
    });
}

/** Removes a network; one already gone is no error. */
export async function removeNetwork(network: string): Promise<void> {
  await dockerApi()
    .getNetwork(network)
    .remove()
    .catch((e: unknown) => {
      if ((e as { statusCode?: number }).statusCode === 404) return;
      throw new Error(`docker network rm ${network}: ${dockerReason(e)}`);
    });
}

/** The Linux bridge of a docker network (docker names it br-<the network id's first 12>). */
export async function bridgeOf(network: string): Promise<string> {
  const info = (await dockerApi()
    .getNetwork(network)
    .inspect()
    .catch((e: unknown) => {
      throw new Error(`docker network inspect ${network}: ${dockerReason(e)}`);
    })) as { Id: string };
  return `br-${info.Id.slice(0, 12)}`;
}
