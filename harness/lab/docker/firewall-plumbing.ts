import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import type { FirewallPolicy } from '../target.ts';
import { LabError } from '../types.ts';
import { pidOf } from './container-ops.ts';
import { assertFreeSubnet } from './free-subnet.ts';
import { firewallAddresses, p28, p64 } from './real/firewall-addresses.ts';

/**
 * The firewall's two links, made by hand with veth pairs (containers on `--network none`): docker's
 * bridges would drop routed traffic between internal networks by their own iptables rules, and
 * here nothing but these two links exists, so no test traffic can leave the machine.
 *
 *   harness host (UE side: ueIpv6, iotUeIpv6, ueIpv4) ── ue0 [firewall] in0 ── eth0 [server] beyond0 (beyondMtu) → beyond
 *
 * The firewall takes ::fe and the /28's last usable address on each side; the host routes the
 * server's networks and `beyond` to it while the lab runs.
 */
async function run(cmd: string, args: string[], element: string): Promise<void> {
  const r = await execa(cmd, args, { reject: false, timeout: 15_000 });
  if (r.exitCode !== 0)
    throw new LabError(
      element,
      `${cmd} ${args.join(' ')}: ${(r.stderr || r.stdout).trim()} (the docker lab wires the firewall's links itself and needs root)`,
    );
}

const inNs = (pid: string, args: string[], element: string) => run('nsenter', ['-t', pid, '-n', ...args], element);

/** Wires firewall and server; returns the teardown (the host's end of the UE link, and with it its routes). */
export async function plumbFirewall(
  firewallId: string,
  serverId: string,
  p: FirewallPolicy,
  element: string,
): Promise<() => Promise<void>> {
  const a = firewallAddresses(p);
  for (const subnet of [a.ueIpv6Prefix, a.ueIpv4Prefix, p64(p.serverIpv6), p28(p.serverIpv4), p64(p.beyondIpv6)])
    await assertFreeSubnet(subnet, element);
  const [fw, server] = [await pidOf(firewallId), await pidOf(serverId)];
  const hostIf = `v6hfw${randomBytes(3).toString('hex')}`;
  await run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', 'ue0', 'netns', fw], element);
  const teardown = () => run('ip', ['link', 'del', hostIf], element).catch(() => undefined);
  try {
    await run(
      'ip',
      ['link', 'add', 'in0', 'netns', fw, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', server],
      element,
    );
    // The harness host is the UE side (DAD off: these addresses are ours alone, RFC 4862 §5.4).
    for (const addr of [`${p.ueIpv6}/64`, `${p.iotUeIpv6}/64`])
      await run('ip', ['-6', 'addr', 'add', addr, 'dev', hostIf, 'nodad'], element);
    await run('ip', ['addr', 'add', `${p.ueIpv4}/28`, 'dev', hostIf], element);
    await run('ip', ['link', 'set', hostIf, 'up'], element);
    await inNs(fw, ['ip', '-6', 'addr', 'add', `${a.firewallUeIpv6}/64`, 'dev', 'ue0', 'nodad'], element);
    await inNs(fw, ['ip', 'addr', 'add', `${a.firewallUeIpv4}/28`, 'dev', 'ue0'], element);
    await inNs(fw, ['ip', '-6', 'addr', 'add', `${a.firewallInIpv6}/64`, 'dev', 'in0', 'nodad'], element);
    await inNs(fw, ['ip', 'addr', 'add', `${a.firewallInIpv4}/28`, 'dev', 'in0'], element);
    for (const dev of ['ue0', 'in0']) await inNs(fw, ['ip', 'link', 'set', dev, 'up'], element);
    await inNs(fw, ['ip', '-6', 'route', 'add', p64(p.beyondIpv6), 'via', p.serverIpv6], element);
    await inNs(server, ['ip', '-6', 'addr', 'add', `${p.serverIpv6}/64`, 'dev', 'eth0', 'nodad'], element);
    await inNs(server, ['ip', 'addr', 'add', `${p.serverIpv4}/28`, 'dev', 'eth0'], element);
    await inNs(server, ['ip', 'link', 'set', 'eth0', 'up'], element);
    await inNs(server, ['ip', '-6', 'route', 'add', 'default', 'via', a.firewallInIpv6], element);
    await inNs(server, ['ip', 'route', 'add', 'default', 'via', a.firewallInIpv4], element);
    // `beyond`: a narrower link past the server, so Packet Too Big comes from beyond the firewall.
    // (A veth pair inside the server: not every kernel has the dummy link type.)
    await inNs(
      server,
      [
        'ip',
        'link',
        'add',
        'beyond0',
        'mtu',
        String(p.beyondMtu),
        'type',
        'veth',
        'peer',
        'name',
        'beyond1',
        'mtu',
        String(p.beyondMtu),
      ],
      element,
    );
    for (const dev of ['beyond0', 'beyond1']) await inNs(server, ['ip', 'link', 'set', dev, 'up'], element);
    await inNs(server, ['ip', '-6', 'route', 'add', p64(p.beyondIpv6), 'dev', 'beyond0'], element);
    for (const dst of [p64(p.serverIpv6), p64(p.beyondIpv6)])
      await run('ip', ['-6', 'route', 'replace', dst, 'via', a.firewallUeIpv6, 'src', p.ueIpv6], element);
    await run('ip', ['route', 'replace', p28(p.serverIpv4), 'via', a.firewallUeIpv4, 'src', p.ueIpv4], element);
  } catch (e) {
    await teardown();
    throw e;
  }
  return async () => {
    await teardown();
  };
}

/** The host's ends of a hand-brought-up firewall's two links (`lab up`): a name per element and side. */
export function firewallCables(element: string): { inside: string; outside: string } {
  const stem = `v6h${element.replace(/[^a-z0-9]/g, '').slice(0, 8)}`;
  return { inside: `${stem}-in`, outside: `${stem}-out` };
}

/**
 * The firewall of a lab brought up by hand (`lab up`), cabled for a target that reaches it as an
 * EXTERNAL firewall (docs/targets.md, "Firewall"): both links end on this host, unaddressed,
 * `ue0` ── firewallCables().inside and `in0` ── firewallCables().outside. The harness then puts the
 * UE addresses on the inside cable and its own internet-side server on a macvlan of the outside
 * one (external-firewall.ts), as for a user's firewall. The host's ends go with the container.
 */
export async function cableFirewall(firewallId: string, p: FirewallPolicy, element: string): Promise<void> {
  const a = firewallAddresses(p);
  const fw = await pidOf(firewallId);
  const cables = firewallCables(element);
  for (const [hostIf, peer] of [
    [cables.inside, 'ue0'],
    [cables.outside, 'in0'],
  ] as const) {
    await execa('ip', ['link', 'del', hostIf], { reject: false });
    await run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', peer, 'netns', fw], element);
    await run('ip', ['link', 'set', hostIf, 'up'], element);
  }
  await inNs(fw, ['ip', '-6', 'addr', 'add', `${a.firewallUeIpv6}/64`, 'dev', 'ue0', 'nodad'], element);
  await inNs(fw, ['ip', 'addr', 'add', `${a.firewallUeIpv4}/28`, 'dev', 'ue0'], element);
  await inNs(fw, ['ip', '-6', 'addr', 'add', `${a.firewallInIpv6}/64`, 'dev', 'in0', 'nodad'], element);
  await inNs(fw, ['ip', 'addr', 'add', `${a.firewallInIpv4}/28`, 'dev', 'in0'], element);
  for (const dev of ['ue0', 'in0']) await inNs(fw, ['ip', 'link', 'set', dev, 'up'], element);
  await inNs(fw, ['ip', '-6', 'route', 'add', p64(p.beyondIpv6), 'via', p.serverIpv6], element);
}
