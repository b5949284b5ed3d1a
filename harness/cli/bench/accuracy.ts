import { loadavg } from 'node:os';
import { vethPathProblem, withVethPath } from '../../lab/netns/veth-path.ts';
import {
  capabilityMbps,
  ladderRates,
  rungOk,
  shapedLadder,
  unshapedComparison,
  UDP_PAYLOAD,
  type Comparison,
  type ShapedFigure,
} from '../../traffic/accuracy.ts';
import { tcpOverIpv6, udpOverIpv6, type Agreement } from '../../traffic/shaped-rate.ts';

/**
 * `bench accuracy`: the harness's own TCP and UDP meters on a veth path between two network
 * namespaces (traffic/accuracy.ts). First unshaped, each tool as fast as it goes: the capability
 * of the harness's senders and receivers against iperf3's, a ratio with no target (the path is
 * bound by CPU; this is not accuracy). Then accuracy where the rate is known: tbf shapers at
 * 100 Mbit/s and at a quarter and a half of what the path carried unshaped, each meter against the
 * goodput the shaper lets through (±3 %), iperf3 at the same offered rate on the same path as the
 * baseline. Payload Mbit/s at the receiver throughout, the layer iperf3 reports. Needs root.
 */
const REPETITIONS = 5;

const mbps = (v: number) => `${v.toFixed(2)} Mbit/s`;
const pct = (a: Agreement) => `${a.deviation >= 0 ? '+' : ''}${(a.deviation * 100).toFixed(2)} %`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

function row(name: string, value: number, baseline: number, rest: string): void {
  process.stdout.write(
    `${name.padEnd(40)} ${mbps(value).padStart(16)}   baseline iperf3: ${mbps(baseline).padStart(16)}   ratio ${(value / baseline).toFixed(3)}   ${rest}\n`,
  );
}

const runs = (xs: number[]) => xs.map((x) => x.toFixed(0)).join('/');
const shapedCheck = (f: ShapedFigure) =>
  `expected ${mbps(f.expected)}: harness ${pct(f.agreement)} (best of ${f.runs.length}), iperf3 ${f.iperf3 ? `${pct(f.iperf3.agreement)} (best of ${f.iperf3.runs.length})` : '-'}, harness within ±${f.agreement.tolerance * 100} % ${f.agreement.ok ? 'met' : f.notJudged ? `not judged (${f.notJudged})` : 'NOT MET'}`;
const capability = (c: Comparison) =>
  `capability ratio, no target (medians ${c.medianRatio.toFixed(3)}; runs ${runs(c.harness)} vs ${runs(c.iperf3)})`;

export async function benchAccuracy(): Promise<boolean> {
  process.stdout.write(
    `accuracy (harness TCP/UDP meters on a veth path between two network namespaces; payload Mbit/s at the receiver; load average ${load()})\n`,
  );
  const problem = await vethPathProblem();
  if (problem) {
    process.stdout.write(`  cannot make the path: ${problem}\n`);
    return false;
  }
  return withVethPath(undefined, async (p) => {
    const free = await unshapedComparison(p, REPETITIONS);
    row(
      `TCP goodput, unshaped (best of ${free.tcp.harness.length})`,
      Math.max(...free.tcp.harness),
      Math.max(...free.tcp.iperf3),
      capability(free.tcp),
    );
    row(
      `UDP received, unshaped, -b 0 (best of ${free.udp.harness.length})`,
      Math.max(...free.udp.harness),
      Math.max(...free.udp.iperf3),
      capability(free.udp),
    );
    const rates = ladderRates(capabilityMbps(free));
    const tcp = tcpOverIpv6(p.mtu, p.tcpTimestamps);
    const udp = udpOverIpv6(UDP_PAYLOAD);
    process.stdout.write(
      `  tbf at ${rates.join(', ')} Mbit/s (100 and a quarter and a half of the least any tool carried unshaped, ${mbps(capabilityMbps(free))}; load average ${load()}); ` +
        `tbf counts Ethernet frames: TCP segments of ${tcp.payload} payload + ${tcp.headers} header octets, UDP datagrams of ${udp.payload} + ${udp.headers}; ` +
        'the expected goodput is rate × payload / (payload + headers)\n',
    );
    const rungs = await shapedLadder(p, rates);
    for (const r of rungs) {
      row(
        `TCP goodput, tbf ${r.shaperMbps} Mbit/s`,
        r.tcp.observed,
        r.tcp.iperf3?.observed ?? Number.NaN,
        shapedCheck(r.tcp),
      );
      row(
        `UDP received, tbf ${r.shaperMbps} Mbit/s`,
        r.udp.observed,
        r.udp.iperf3?.observed ?? Number.NaN,
        shapedCheck(r.udp),
      );
    }
    process.stdout.write(`  (load average at the end ${load()})\n`);
    return rungs.every(rungOk);
  });
}
