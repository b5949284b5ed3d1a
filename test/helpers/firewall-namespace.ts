import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { firewallAddresses } from '../../harness/lab/docker/real/firewall-addresses.ts';
import { nftablesRuleset } from '../../harness/lab/docker/real/nftables.ts';
import { addNamespace, deleteNamespace, ip } from '../../harness/lab/netns/namespace.ts';
import { firewallSchema, type FirewallPolicy } from '../../harness/lab/target.ts';

/**
 * A firewall "of the user's" for the external-firewall tests: a network namespace forwarding between
 * two veth pairs whose other ends stay on this host (`inside`, `outside`), with the nftables rule
 * set the docker lab gives its nftables element (ue0 toward the UEs, in0 toward the internet; the
 * same misconfigurations as faults). The harness then sees two cables to a box, as with real
 * hardware. Addresses are documentation ones of their own, apart from the docker lab's defaults.
 */
export const POLICY: FirewallPolicy = firewallSchema.parse({
  ueIpv6: '2001:db8:e1::1',
  iotUeIpv6: '2001:db8:e1::100',
  ueIpv4: '203.0.113.97',
  serverIpv6: '2001:db8:e2::2',
  serverIpv4: '203.0.113.114',
  beyondIpv6: '2001:db8:e3::1',
});

export interface FirewallBox {
  inside: string;
  outside: string;
  /** Its addresses on the UE side (the UE's next hop) and on the internet side (the server's). */
  address: string;
  ipv4Address: string;
  outsideIpv6: string;
  outsideIpv4: string;
  close(): Promise<void>;
}

export async function firewallBox(faults: string[] = []): Promise<FirewallBox> {
  const tag = randomBytes(2).toString('hex');
  const ns = `v6htfw${process.pid}${tag}`;
  const [inside, outside] = [`v6hti${tag}`, `v6hto${tag}`];
  const a = firewallAddresses(POLICY);
  const who = 'test firewall';
  await addNamespace(who, ns);
  try {
    await ip(who, ['link', 'add', inside, 'type', 'veth', 'peer', 'name', 'ue0', 'netns', ns]);
    await ip(who, ['link', 'add', outside, 'type', 'veth', 'peer', 'name', 'in0', 'netns', ns]);
    const inNs = (args: string[]) => ip(who, ['-n', ns, ...args]);
    await inNs(['-6', 'addr', 'add', `${a.firewallUeIpv6}/64`, 'dev', 'ue0', 'nodad']);
    await inNs(['addr', 'add', `${a.firewallUeIpv4}/28`, 'dev', 'ue0']);
    await inNs(['-6', 'addr', 'add', `${a.firewallInIpv6}/64`, 'dev', 'in0', 'nodad']);
    await inNs(['addr', 'add', `${a.firewallInIpv4}/28`, 'dev', 'in0']);
    for (const dev of ['ue0', 'in0']) await inNs(['link', 'set', dev, 'up']);
    await inNs(['-6', 'route', 'add', `${POLICY.beyondIpv6.replace(/::1$/, '::')}/64`, 'via', POLICY.serverIpv6]);
    for (const k of ['net.ipv6.conf.all.forwarding=1', 'net.ipv4.ip_forward=1'])
      await execa('ip', ['netns', 'exec', ns, 'sysctl', '-qw', k]);
    const rules = nftablesRuleset(POLICY, faults, a.ueIpv6Prefix, a.ueIpv4Prefix);
    // Debian's nft by its path: under npm, PATH starts with node_modules/.bin, which has @vercel/nft's.
    await execa('ip', ['netns', 'exec', ns, '/usr/sbin/nft', '-f', '-'], { input: rules });
    const loaded = await execa('ip', ['netns', 'exec', ns, '/usr/sbin/nft', 'list', 'table', 'inet', 'v6harness']);
    if (!loaded.stdout.includes('policy drop'))
      throw new Error(`test firewall: rule set not loaded:\n${loaded.stdout}`);
  } catch (e) {
    await deleteNamespace(ns);
    throw e;
  }
  return {
    inside,
    outside,
    address: a.firewallUeIpv6,
    ipv4Address: a.firewallUeIpv4,
    outsideIpv6: a.firewallInIpv6,
    outsideIpv4: a.firewallInIpv4,
    // Deleting the namespace deletes ue0 and in0, and with them their peers on this host.
    close: () => deleteNamespace(ns),
  };
}
