import { execa } from 'execa';
import { bridgeOf } from './docker-api.ts';
import { LabError } from '../types.ts';

/**
 * Routed IPv4 across an internal docker network. Docker isolates an `--internal` network with
 * iptables rules that drop what is forwarded on its bridge to or from addresses outside the
 * network's docker subnet (bridged frames pass iptables, br_netfilter), so the UE pools' IPv4
 * between the PGW and the internet hosts on SGi (sgi-ipv4.ts) would be dropped on the bridge.
 * One rule in DOCKER-USER, the chain docker leaves to its users, accepts what enters and leaves
 * that same bridge; nothing can leave the machine by it (the bridge has no way out). Its comment
 * names the owning process, so a lab that died is cleaned up by the next (removeAbandonedRules).
 */
const TAG = 'v6harness-pid';

const ruleOf = (bridge: string) => [
  'DOCKER-USER',
  '-i',
  bridge,
  '-o',
  bridge,
  '-m',
  'comment',
  '--comment',
  `${TAG}=${process.pid}`,
  '-j',
  'ACCEPT',
];

/** Accepts forwarding within `network`'s bridge; returns how to take the rule away again. */
export async function allowForwardingWithin(network: string): Promise<() => Promise<void>> {
  const rule = ruleOf(await bridgeOf(network));
  const added = await execa('iptables', ['-I', ...rule], { reject: false });
  if (added.exitCode !== 0)
    throw new LabError(
      'pgw',
      `IPv4 on SGi needs forwarding within its docker bridge (iptables -I ${rule.join(' ')}): ${added.stderr || added.message}`,
    );
  return async () => {
    await execa('iptables', ['-D', ...rule], { reject: false });
  };
}

/** Removes the rules of lab processes that are gone. */
export async function removeAbandonedRules(alive: (pid: string) => boolean): Promise<void> {
  const listed = await execa('iptables', ['-S', 'DOCKER-USER'], { reject: false });
  if (listed.exitCode !== 0) return;
  for (const line of listed.stdout.split('\n')) {
    const pid = new RegExp(`${TAG}=(\\d+)`).exec(line)?.[1];
    if (!pid || alive(pid) || !line.startsWith('-A ')) continue;
    // '-A DOCKER-USER -i br-… -o br-… -m comment --comment "v6harness-pid=N" -j ACCEPT' → -D, the
    // same words (iptables -S quotes the comment; the rule was added without the quotes).
    await execa('iptables', ['-D', ...line.slice(3).replaceAll('"', '').split(' ')], { reject: false });
  }
}
