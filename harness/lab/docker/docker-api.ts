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
function reason(e: unknown): string {
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
      throw new Error(`docker network create ${name}: ${reason(e)}`);
    });
}

/** A container's addresses on one network: global IPv6 and IPv4 ('' where it has none). */
export async function containerAddresses(id: string, network: string): Promise<{ ipv6: string; ipv4: string }> {
  const info = await dockerApi()
    .getContainer(id)
    .inspect()
    .catch((e: unknown) => {
      throw new Error(`docker inspect ${id.slice(0, 12)}: ${reason(e)}`);
    });
  const n = info.NetworkSettings.Networks[network];
  return { ipv6: n?.GlobalIPv6Address ?? '', ipv4: n?.IPAddress ?? '' };
}
