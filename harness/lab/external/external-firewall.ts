import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { p28, p64 } from '../docker/real/firewall-addresses.ts';
import { addNamespace, deleteNamespace, ip } from '../netns/namespace.ts';
import type { FirewallPolicy, TargetElement } from '../target.ts';
import { LabError, type FarHost } from '../types.ts';

/**
 * A firewall the user runs, between two interfaces of the harness host (docs/targets.md,
 * "Firewall"): the UE side is the host itself on `inside.interface` (the policy's UE addresses
 * are put there and the server's networks routed via the firewall's own address on that side), the
 * internet side is a network namespace of the harness on a macvlan of `outside.interface` with the
 * policy's server addresses, default routes via the firewall's outside addresses, the echo and
 * discard services (far-side.ts) and the narrow-MTU hop to `beyondIpv6` (a veth pair of
 * `beyondMtu`, so Packet Too Big comes from beyond the firewall). The same topology the docker lab
 * builds around nftables; nothing of it outlives the session (or the process). Needs root.
 */
type External = Extract<TargetElement, { kind: 'external' }>;

const projectRoot = join(import.meta.dirname, '..', '..', '..');
let made = 0;

export async function openExternalFirewall(
  name: string,
  el: External,
  p: FirewallPolicy,
): Promise<{ farHost: FarHost; close: () => Promise<void> }> {
  if (!el.inside || !el.outside)
    throw new LabError(
      name,
      `an external firewall needs inside: { interface } and outside: { interface, ipv6 } (elements.${name}; docs/targets.md, "Firewall")`,
    );
  const inside = el.inside.interface;
  const outside = el.outside;
  // The cables first: a misspelt interface is the user's key, said as such, before anything is changed.
  for (const [key, dev] of [
    ['inside', inside],
    ['outside', outside.interface],
  ] as const)
    if ((await execa('ip', ['link', 'show', 'dev', dev], { reject: false })).exitCode !== 0)
      throw new LabError(
        name,
        `elements.${name}.${key}.interface: this host has no interface "${dev}" (ip -br link lists them)`,
      );
  const ns = `v6hfw${process.pid}-${made++}`;
  const mac = `v6hfs${randomBytes(3).toString('hex')}`;
  // Undone in reverse order at close, and (synchronously) if the process exits first.
  const undo: string[][] = [];
  const run = async (args: string[], back?: string[]) => {
    await ip(name, args);
    if (back) undo.push(back);
  };
  const onExit = () => {
    for (const args of [...undo].reverse()) spawnSync('ip', args);
  };
  process.once('exit', onExit);
  let far: ResultPromise | undefined;
  const close = async () => {
    process.off('exit', onExit);
    far?.kill('SIGKILL');
    await deleteNamespace(ns);
    for (const args of undo.reverse()) await execa('ip', args, { reject: false });
    undo.length = 0;
  };
  try {
    // The UE side: this host, on the interface cabled to the firewall's inside (DAD off: ours alone).
    await run(['link', 'set', inside, 'up']);
    for (const a of [`${p.ueIpv6}/64`, `${p.iotUeIpv6}/64`])
      await run(['-6', 'addr', 'add', a, 'dev', inside, 'nodad'], ['-6', 'addr', 'del', a, 'dev', inside]);
    await run(['addr', 'add', `${p.ueIpv4}/28`, 'dev', inside], ['addr', 'del', `${p.ueIpv4}/28`, 'dev', inside]);
    for (const dst of [p64(p.serverIpv6), p64(p.beyondIpv6)])
      await run(
        ['-6', 'route', 'replace', dst, 'via', el.address, 'dev', inside, 'src', p.ueIpv6],
        ['-6', 'route', 'del', dst, 'via', el.address, 'dev', inside],
      );
    if (el.ipv4Address)
      await run(
        ['route', 'replace', p28(p.serverIpv4), 'via', el.ipv4Address, 'dev', inside, 'src', p.ueIpv4],
        ['route', 'del', p28(p.serverIpv4), 'via', el.ipv4Address, 'dev', inside],
      );
    // The internet side: a namespace of ours on a macvlan of the outside interface.
    await addNamespace(name, ns);
    await run(['link', 'set', outside.interface, 'up']);
    // One MAC address per server address and cable, the same every session: the firewall's
    // neighbour cache still holds the last session's for a while (RFC 4861 §7.3.3, REACHABLE), and
    // a new random one would lose the first seconds of traffic to it.
    await run(
      ['link', 'add', mac, 'address', stableMac(outside.interface, p.serverIpv6), 'link', outside.interface].concat([
        'type',
        'macvlan',
        'mode',
        'bridge',
      ]),
      ['link', 'del', mac],
    );
    await run(['link', 'set', mac, 'netns', ns]);
    const inNs = (args: string[]) => ip(name, ['-n', ns, ...args]);
    await inNs(['-6', 'addr', 'add', `${p.serverIpv6}/64`, 'dev', mac, 'nodad']);
    await inNs(['addr', 'add', `${p.serverIpv4}/28`, 'dev', mac]);
    await inNs(['link', 'set', mac, 'up']);
    await inNs(['-6', 'route', 'add', 'default', 'via', outside.ipv6]);
    if (outside.ipv4) await inNs(['route', 'add', 'default', 'via', outside.ipv4]);
    // Beyond the server: a link of beyondMtu, where Packet Too Big comes from (RFC 8201).
    await execa('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1']);
    const mtu = String(p.beyondMtu);
    await inNs(['link', 'add', 'beyond0', 'mtu', mtu, 'type', 'veth', 'peer', 'name', 'beyond1', 'mtu', mtu]);
    for (const dev of ['beyond0', 'beyond1']) await inNs(['link', 'set', dev, 'up']);
    await inNs(['-6', 'route', 'add', p64(p.beyondIpv6), 'dev', 'beyond0']);
    far = execa(
      'ip',
      [
        'netns',
        'exec',
        ns,
        process.execPath,
        '--import',
        'tsx',
        join(projectRoot, 'harness/lab/netns/far-side.ts'),
        JSON.stringify({ services: [...p.blocked, ...p.allowed] }),
      ],
      { cwd: projectRoot, reject: false, stdin: 'pipe', buffer: false },
    );
    return { farHost: await farHostOf(name, far), close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A locally administered unicast MAC address (IEEE 802: second-lowest bit of the first octet set). */
function stableMac(cable: string, server: string): string {
  const h = createHash('sha256').update(`${cable} ${server}`).digest();
  h[0] = (h[0]! & 0xfc) | 0x02;
  return [...h.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Talks to far-side.ts: one JSON line per request, answered by id. */
async function farHostOf(name: string, child: ResultPromise): Promise<FarHost> {
  const pending = new Map<number, (o: Record<string, unknown>) => void>();
  const lines = createInterface({ input: child.stdout! });
  let ready!: () => void;
  let failed!: (e: Error) => void;
  const started = new Promise<void>((res, rej) => {
    ready = res;
    failed = rej;
  });
  lines.on('line', (l) => {
    const o = JSON.parse(l) as Record<string, unknown>;
    if (o.ready) ready();
    else if (o.error) failed(new LabError(name, `the internet-side host did not start: ${String(o.error)}`));
    else pending.get(o.id as number)?.(o);
  });
  void child.then((r) => failed(new LabError(name, `the internet-side host ended: ${String(r.stderr ?? '')}`)));
  const timer = setTimeout(() => failed(new LabError(name, 'the internet-side host did not start in 20 s')), 20_000);
  await started.finally(() => clearTimeout(timer));
  let next = 0;
  const ask = (req: object) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      child.stdin!.write(`${JSON.stringify({ id, ...req })}\n`);
    });
  return {
    async connect(protocol, address, port, timeoutMs) {
      const r = await ask({ op: 'connect', protocol, address, port, timeoutMs });
      return r.result as 'connected' | 'refused' | 'timeout' | 'sent';
    },
    async discarded() {
      return (await ask({ op: 'discarded' })).bytes as number;
    },
  };
}
