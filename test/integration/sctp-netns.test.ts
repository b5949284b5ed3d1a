import test from 'ava';
import { execa } from 'execa';
import { openVethPath, vethPathProblem } from '../../harness/lab/netns/veth-path.ts';
import { impair, impairmentProblem } from '../helpers/link-impairment.ts';
import { needNetns } from '../helpers/netns.ts';

/**
 * Property (between namespaces): two processes, each in its own network namespace joined by a
 * veth pair, run our SCTP over real sockets — raw IPv6 (protocol 132) and UDP encapsulation —
 * while both ends' egress loses 5 %, duplicates 3 % and reorders 20 % of the packets
 * (tc netem where the kernel has it, iptables and an HTB class where it does not:
 * test/helpers/link-impairment.ts). The client sends 300 messages on 5 streams (ordered and
 * unordered, one in ten fragmented) to an echo server: every echo comes back exactly once,
 * unaltered, in order per stream, and the association still shuts down gracefully. The
 * impairment's own counters show it acted. Needs root, `ip netns`, and netem or iptables.
 */
const PEER = 'test/helpers/sctp-netns-peer.ts';

for (const transport of ['raw', 'udp'] as const) {
  test(`${transport === 'raw' ? 'raw IPv6' : 'UDP-encapsulated'} SCTP between namespaces through loss, duplication and reordering: every message echoed once, in order per stream`, async (t) => {
    if (!needNetns(t, await vethPathProblem())) return;
    const path = await openVethPath();
    let server: ReturnType<typeof execa> | undefined;
    try {
      if (!needNetns(t, await impairmentProblem(path.senderNs))) return;
      const rates = { loss: 0.05, duplicate: 0.03, reorder: 0.2 };
      const a = await impair(path.senderNs, path.senderIf, path.receiverAddress, rates);
      const b = await impair(path.receiverNs, path.receiverIf, path.senderAddress, rates);
      const run = (ns: string, args: object) =>
        execa('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', PEER, JSON.stringify(args)], {
          reject: false,
          timeout: 240_000,
        });
      const port = 38412;
      const udpPort = 9899;
      server = run(path.receiverNs, { role: 'server', transport, address: path.receiverAddress, port, udpPort });
      await new Promise<void>((resolve, reject) => {
        server!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        server!.once('exit', (code) => reject(new Error(`echo server exited (${code})`)));
      });
      const client = await run(path.senderNs, {
        role: 'client',
        transport,
        address: path.receiverAddress,
        port,
        udpPort,
        count: 300,
      });
      t.is(client.exitCode, 0, client.stderr);
      const r = JSON.parse(client.stdout.trim().split('\n').at(-1)!);
      t.log(JSON.stringify(r), a.method);
      t.is(r.error, undefined);
      t.is(r.echoed, 300);
      t.is(r.distinct, 300, 'no message twice');
      t.is(r.altered, 0);
      t.is(r.orderViolations, 0);
      t.deepEqual(r.close, { reason: 'shutdown' });
      const ca = await a.counters();
      const cb = await b.counters();
      t.log(a.method, JSON.stringify(ca), JSON.stringify(cb));
      t.true(ca.dropped + cb.dropped > 0, 'packets were lost');
      if (a.method === 'iptables') {
        t.true(ca.duplicated + cb.duplicated > 0, 'packets were duplicated');
        t.true(ca.delayed + cb.delayed > 0, 'packets were held back');
      }
    } finally {
      server?.kill('SIGKILL');
      await server?.catch(() => undefined);
      await path.close();
    }
  });
}
