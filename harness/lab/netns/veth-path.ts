import { execa } from 'execa';
import { LabError } from '../types.ts';
import { addNamespace, deleteNamespace, ip as ipOf, waitLowerUp } from './namespace.ts';

/**
 * A measured path of its own: two network namespaces joined by one veth pair, nothing else on
 * it, so no test traffic can leave the machine.
 *
 *   [senderNs] senderIf fd6e:7a1c:93b0:1::1/64 ── veth ── fd6e:7a1c:93b0:1::2/64 receiverIf [receiverNs]
 *
 * The prefix is a ULA (RFC 4193 §3.1, locally assigned, pseudo-random global ID): no machine's own
 * network can overlap it, and each namespace has its own stack, so parallel paths (names carry the
 * pid and a counter) never clash. The shaper, when asked for, is a tbf on the sender's egress;
 * close() deletes both namespaces (and with them the veth pair) and ends what still runs in them.
 * Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN for `ip netns`).
 */
export const PATH_PREFIX = 'fd6e:7a1c:93b0:1::';

export interface VethPath {
  senderNs: string;
  receiverNs: string;
  senderIf: string;
  receiverIf: string;
  senderAddress: string;
  receiverAddress: string;
  mtu: number;
  /** net.ipv4.tcp_timestamps (it covers IPv6 too) in both namespaces: every segment carries RFC 7323 timestamps. */
  tcpTimestamps: boolean;
  /** Shapes the sender's egress to `mbps` (replacing any shaper), or removes the shaper (undefined). */
  shape(mbps: number | undefined): Promise<void>;
  close(): Promise<void>;
}

let made = 0;

const ip = (args: string[]) => ipOf('veth-path', args);

/**
 * tc-tbf(8): the bucket must hold at least rate/HZ octets, "larger than you'd expect" for high
 * rates. HZ is a kernel build option (100 to 1000); sized for HZ = 100, the worst case, and never
 * below 10 frames. The queue holds `latency` worth of the rate; the meters measure after a
 * warm-up, so the initial bucketful does not inflate the result.
 */
export function tbfArgs(dev: string, mbps: number, mtu: number): string[] {
  const burst = Math.max(Math.ceil((mbps * 1e6) / 8 / 100), 10 * (mtu + 14));
  return [
    'qdisc',
    'replace',
    'dev',
    dev,
    'root',
    'tbf',
    'rate',
    `${mbps}mbit`,
    'burst',
    String(burst),
    'latency',
    '50ms',
  ];
}

export async function openVethPath(o: { shapeMbps?: number; mtu?: number } = {}): Promise<VethPath> {
  const id = `${process.pid}-${made++}`;
  const senderNs = `v6h-acc-${id}-a`;
  const receiverNs = `v6h-acc-${id}-b`;
  const senderIf = `v6h${id}a`.slice(0, 15);
  const receiverIf = `v6h${id}b`.slice(0, 15);
  const mtu = o.mtu ?? 1500;
  const senderAddress = `${PATH_PREFIX}1`;
  const receiverAddress = `${PATH_PREFIX}2`;
  const close = async () => {
    for (const ns of [senderNs, receiverNs]) await deleteNamespace(ns);
  };
  try {
    for (const ns of [senderNs, receiverNs]) await addNamespace('veth-path', ns);
    await ip([
      'link',
      'add',
      senderIf,
      'netns',
      senderNs,
      'mtu',
      String(mtu),
      'type',
      'veth',
      'peer',
      'name',
      receiverIf,
      'netns',
      receiverNs,
      'mtu',
      String(mtu),
    ]);
    // DAD off: these addresses are alone on their link (RFC 4862 §5.4), usable at once.
    for (const [ns, dev, addr] of [
      [senderNs, senderIf, senderAddress],
      [receiverNs, receiverIf, receiverAddress],
    ]) {
      await ip(['-n', ns, '-6', 'addr', 'add', `${addr}/64`, 'dev', dev, 'nodad']);
      await ip(['-n', ns, 'link', 'set', dev, 'up']);
    }
    await waitLowerUp('veth-path', senderIf, senderNs);
    const ts = await execa('ip', ['netns', 'exec', senderNs, 'cat', '/proc/sys/net/ipv4/tcp_timestamps'], {
      reject: false,
    });
    const tsB = await execa('ip', ['netns', 'exec', receiverNs, 'cat', '/proc/sys/net/ipv4/tcp_timestamps'], {
      reject: false,
    });
    const shape = async (mbps: number | undefined) => {
      if (mbps === undefined) {
        await execa('tc', ['-n', senderNs, 'qdisc', 'del', 'dev', senderIf, 'root'], { reject: false });
        return;
      }
      const r = await execa('tc', ['-n', senderNs, ...tbfArgs(senderIf, mbps, mtu)], { reject: false });
      if (r.exitCode !== 0)
        throw new LabError('veth-path', `tc ${tbfArgs(senderIf, mbps, mtu).join(' ')}: ${r.stderr.trim()}`);
    };
    if (o.shapeMbps !== undefined) await shape(o.shapeMbps);
    return {
      senderNs,
      receiverNs,
      senderIf,
      receiverIf,
      senderAddress,
      receiverAddress,
      mtu,
      tcpTimestamps: ts.stdout.trim() === '1' && tsB.stdout.trim() === '1',
      shape,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Whether this process may make paths: a reason when not (not root, no `ip netns`, no tc). */
export async function vethPathProblem(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'network namespaces and tc need root';
  for (const [cmd, args] of [
    ['ip', ['netns', 'list']],
    ['tc', ['-V']],
  ] as const) {
    const r = await execa(cmd, [...args], { reject: false });
    if (r.exitCode !== 0)
      return `${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout || 'not installed (iproute2)').trim().split('\n')[0]}`;
  }
  return undefined;
}

/** Runs `fn` on a fresh path (shaped to `shapeMbps` if given) and removes the path whatever happens. */
export async function withVethPath<T>(shapeMbps: number | undefined, fn: (p: VethPath) => Promise<T>): Promise<T> {
  const path = await openVethPath({ shapeMbps });
  try {
    return await fn(path);
  } finally {
    await path.close();
  }
}
