import { execa } from 'execa';

/**
 * Loss, duplication and reordering of the SCTP packets leaving one end of a namespace link.
 * With tc netem (sch_netem) where the kernel has it; otherwise — this machine's kernel is built
 * without netem — with what it has: ip6tables/iptables `statistic` matches that DROP (loss), TEE
 * a copy to the peer (duplication) and CLASSIFY into a slow HTB class (reordering: those packets
 * queue behind a 2 Mbit/s class while the rest pass). `counters()` proves the impairment acted.
 */
export interface Impairment {
  method: 'netem' | 'iptables';
  counters(): Promise<{ dropped: number; duplicated: number; delayed: number }>;
}

const inNs = (ns: string, cmd: string, args: string[]) =>
  execa('ip', ['netns', 'exec', ns, cmd, ...args], { reject: false });

async function must(ns: string, cmd: string, args: string[]): Promise<void> {
  const r = await inNs(ns, cmd, args);
  if (r.exitCode !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${ns}: ${(r.stderr || r.stdout).trim()}`);
}

/** Whether netem exists: a test qdisc on the namespace's loopback. */
async function hasNetem(ns: string): Promise<boolean> {
  const r = await inNs(ns, 'tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']);
  if (r.exitCode !== 0) return false;
  await inNs(ns, 'tc', ['qdisc', 'del', 'dev', 'lo', 'root']);
  return true;
}

export async function impairmentProblem(ns: string): Promise<string | undefined> {
  if (await hasNetem(ns)) return undefined;
  for (const tool of ['ip6tables', 'iptables']) {
    const r = await inNs(ns, tool, ['-t', 'mangle', '-L', '-n']);
    if (r.exitCode !== 0) return `neither tc netem nor ${tool} works in a namespace: ${(r.stderr || r.stdout).trim()}`;
  }
  return undefined;
}

export async function impair(
  ns: string,
  dev: string,
  peer: string,
  o: { loss: number; duplicate: number; reorder: number },
): Promise<Impairment> {
  if (await hasNetem(ns)) {
    await must(ns, 'tc', [
      'qdisc',
      'add',
      'dev',
      dev,
      'root',
      'netem',
      'delay',
      '5ms',
      'loss',
      `${o.loss * 100}%`,
      'duplicate',
      `${o.duplicate * 100}%`,
      'reorder',
      `${(1 - o.reorder) * 100}%`, // netem: this share goes undelayed, ahead of the rest
    ]);
    return {
      method: 'netem',
      async counters() {
        const s = (await inNs(ns, 'tc', ['-s', 'qdisc', 'show', 'dev', dev])).stdout;
        const dropped = Number(/dropped (\d+)/.exec(s)?.[1] ?? 0);
        // netem does not count duplicates or reorders; the sent count exceeding what was queued is the only trace.
        return { dropped, duplicated: Number.NaN, delayed: Number.NaN };
      },
    };
  }
  const ipt = peer.includes(':') ? 'ip6tables' : 'iptables';
  // One rule per protocol (SCTP, and UDP for the encapsulation): a random share of packets to `target`.
  const random = async (table: string, chain: string, probability: number, target: string[]) => {
    for (const proto of ['132', 'udp'])
      await must(ns, ipt, [
        '-t',
        table,
        '-A',
        chain,
        '-p',
        proto,
        '-m',
        'statistic',
        '--mode',
        'random',
        '--probability',
        probability.toFixed(4),
        '-j',
        ...target,
      ]);
  };
  await random('filter', 'OUTPUT', o.loss, ['DROP']);
  await random('mangle', 'POSTROUTING', o.duplicate, ['TEE', '--gateway', peer]);
  await random('mangle', 'POSTROUTING', o.reorder, ['CLASSIFY', '--set-class', '1:20']);
  await must(ns, 'tc', ['qdisc', 'add', 'dev', dev, 'root', 'handle', '1:', 'htb', 'default', '10', 'r2q', '1000']);
  await must(ns, 'tc', ['class', 'add', 'dev', dev, 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '1gbit']);
  await must(ns, 'tc', [
    'class',
    'add',
    'dev',
    dev,
    'parent',
    '1:',
    'classid',
    '1:20',
    'htb',
    'rate',
    '2mbit',
    'ceil',
    '2mbit',
  ]);
  return {
    method: 'iptables',
    async counters() {
      const sum = async (table: string, target: string) => {
        const out = (await inNs(ns, ipt, ['-t', table, '-L', '-v', '-x', '-n'])).stdout;
        let n = 0;
        for (const line of out.split('\n')) {
          const f = line.trim().split(/\s+/);
          if (f[2] === target) n += Number(f[0]);
        }
        return n;
      };
      return {
        dropped: await sum('filter', 'DROP'),
        duplicated: await sum('mangle', 'TEE'),
        delayed: await sum('mangle', 'CLASSIFY'),
      };
    },
  };
}
