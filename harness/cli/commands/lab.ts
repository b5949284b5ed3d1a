import { writeFileSync } from 'node:fs';
import type { ContainerInfo } from 'dockerode';
import { dockerApi } from '../../lab/docker/docker-api.ts';
import { firewallCables } from '../../lab/docker/firewall-plumbing.ts';
import { removeAbandonedLabObjects, removeLabObjects } from '../../lab/docker/lab-objects.ts';
import { firewallAddresses } from '../../lab/docker/real/firewall-addresses.ts';
import type { ElementEndpoint, Target } from '../../lab/index.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { UsageError } from '../../runner/errors.ts';
import { loadTarget } from '../../runner/target-file.ts';

/**
 * `lab up|status|down [--target FILE] [--only a,b]`: the containerised topology of a target,
 * brought up by hand and left running (e.g. to point Wireshark or another tool at it), listed,
 * and removed. Containers and the network carry the label v6harness.manual=1.
 * `lab compose [--target FILE] [--out FILE]`: the same topology as docker-compose.yml (compose-file.ts).
 */
export async function labCommand(
  action: string | undefined,
  args: { target?: string; only?: string; out?: string },
): Promise<number> {
  switch (action) {
    case 'up': {
      const { target } = loadTarget(args.target ?? 'targets/docker.yaml');
      const names = args.only
        ? args.only.split(',').map((s) => s.trim())
        : Object.entries(target.elements)
            .filter(([, e]) => e.kind === 'standin')
            .map(([n]) => n);
      const { DockerLab } = await import('../../lab/docker/docker-lab.ts');
      const lab = new DockerLab({ ...target, provider: 'docker' }, (l) => process.stdout.write(`${l}\n`), {
        manual: true,
      });
      const session = await lab.open(names, { signal: new AbortController().signal, recorder: noRecorder });
      for (const e of session.elements.values()) process.stdout.write(`${endpointLine(e, target)}\n`);
      process.stdout.write(
        'lab is up; `npx v6harness lab status` lists the addresses, `npx v6harness lab down` removes it\n',
      );
      return 0;
    }
    case 'status': {
      // Each container with its element and its addresses on every lab network: what a user copies into
      // a target that reaches the lab's elements as external ones (docs/targets.md).
      const out = (await dockerApi().listContainers({ all: true, filters: { label: ['v6harness=1'] } }))
        .map(statusLine)
        .join('\n');
      process.stdout.write(out ? `${out}\n` : 'no v6harness containers\n');
      return 0;
    }
    case 'down':
      // The lab brought up by hand, and what crashed runs left (their run lock free); never the lab of a
      // running harness process (another run, a parallel test file).
      await removeLabObjects('v6harness.manual=1');
      await removeAbandonedLabObjects('');
      process.stdout.write('lab removed\n');
      return 0;
    case 'compose': {
      const { composeFile } = await import('../../lab/docker/compose-file.ts');
      const file = args.target ?? 'targets/docker.yaml';
      const text = composeFile(loadTarget(file).target, file);
      if (args.out) writeFileSync(args.out, text);
      else process.stdout.write(text);
      return 0;
    }
    default:
      throw new UsageError(`lab needs up, status, down or compose (got ${action ?? 'nothing'})`);
  }
}

/** `pgw  GTP-C [fd00:6:1::3]:2123  GTP-U …`, or for a real element `dns64  unbound  [fd00:6:2::3]:53  IPv4 198.18.2.3`. */
function endpointLine(e: ElementEndpoint, target: Target): string {
  const el = target.elements[e.name];
  if (el?.kind !== 'real')
    return `${e.name.padEnd(8)} GTP-C [${e.address}]:${e.port}${e.userPlanePort ? `  GTP-U [${e.address}]:${e.userPlanePort}` : ''}`;
  const at = e.port ? `[${e.address}]:${e.port}` : e.address;
  const line = `${e.name.padEnd(8)} ${el.software.padEnd(10)} ${at}${e.ipv4Address ? `  IPv4 ${e.ipv4Address}` : ''}`;
  if (el.software !== 'nftables') return line;
  // Its two links end on this host (firewall-plumbing.ts cableFirewall): the external firewall's keys.
  const cables = firewallCables(e.name);
  const out = firewallAddresses(target.gateway.firewall);
  return `${line}  inside ${cables.inside}  outside ${cables.outside} ${out.firewallInIpv6} ${out.firewallInIpv4}`;
}

/** `name  state  element  network ipv6 ipv4; …` for one container. */
function statusLine(c: ContainerInfo): string {
  const addresses = Object.entries(c.NetworkSettings?.Networks ?? {}).map(([net, n]) =>
    [net, n.GlobalIPv6Address, n.IPAddress].filter(Boolean).join(' '),
  );
  return [
    c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12),
    c.State,
    c.Labels['v6harness.element'] || '-',
    addresses.join('; ') || 'no address',
  ].join('\t');
}
