import { vethPathProblem, withVethPath } from '../../lab/netns/veth-path.ts';
import {
  judgeShaped,
  shapedRuns,
  unshapedComparison,
  UDP_PAYLOAD,
  type Comparison,
  type ShapedFigure,
} from '../../traffic/accuracy.ts';
import { tcpOverIpv6, udpOverIpv6, type Agreement } from '../../traffic/shaped-rate.ts';

/**
 * `bench accuracy`: the harness's own TCP and UDP meters on a veth path between two network
 * namespaces. Shaped by tbf to 100 Mbit/s, each against the goodput the shaper lets through
 * (within 3 %, best of two runs), with iperf3 on the same path as the baseline; unshaped, each against iperf3
 * (within 10 %, best of 5 runs each, alternating, up to 10 while they disagree; traffic/accuracy.ts). Payload Mbit/s at the
 * receiver throughout, the layer iperf3 reports. Needs root (namespaces, tc).
 */
const SHAPER_MBPS = 100;
const REPETITIONS = 5;

const mbps = (v: number) => `${v.toFixed(2)} Mbit/s`;
const pct = (a: Agreement) => `${a.deviation >= 0 ? '+' : ''}${(a.deviation * 100).toFixed(2)} %`;

function row(name: string, value: number, baseline: number | undefined, check: string): void {
  const base =
    baseline === undefined
      ? ''
      : `   baseline iperf3: ${mbps(baseline).padStart(16)}   ratio ${(value / baseline).toFixed(3)}`;
  process.stdout.write(`${name.padEnd(44)} ${mbps(value).padStart(16)}${base}   ${check}\n`);
}

const shapedCheck = (f: ShapedFigure) =>
  `expected ${mbps(f.expected)}: ${pct(f.agreement)} (±${f.agreement.tolerance * 100} %) ${f.agreement.ok ? 'met' : 'NOT MET'}`;
const unshapedCheck = (c: Comparison) =>
  `target ratio within ±${c.agreement.tolerance * 100} % ${c.agreement.ok ? 'met' : 'NOT MET'} (medians ${pct(c.medians)}; runs ${c.harness.map((x) => x.toFixed(0)).join('/')} vs ${c.iperf3.map((x) => x.toFixed(0)).join('/')})`;

export async function benchAccuracy(): Promise<boolean> {
  process.stdout.write(
    'accuracy (harness TCP/UDP meters on a veth path between two network namespaces; payload Mbit/s at the receiver)\n',
  );
  const problem = await vethPathProblem();
  if (problem) {
    process.stdout.write(`  cannot make the path: ${problem}\n`);
    return false;
  }
  const shaped = await withVethPath(SHAPER_MBPS, async (p) => {
    const tcp = tcpOverIpv6(p.mtu, p.tcpTimestamps);
    const udp = udpOverIpv6(UDP_PAYLOAD);
    process.stdout.write(
      `  tbf ${SHAPER_MBPS} Mbit/s counts Ethernet frames: TCP segments of ${tcp.payload} payload + ${tcp.headers} header octets, ` +
        `UDP datagrams of ${udp.payload} + ${udp.headers}; the expected goodput is rate × payload / (payload + headers)\n`,
    );
    return judgeShaped(await shapedRuns(p, SHAPER_MBPS, { withIperf3: true }), SHAPER_MBPS, p);
  });
  row(`TCP goodput, tbf ${SHAPER_MBPS} Mbit/s`, shaped.tcp.observed, shaped.tcp.iperf3, shapedCheck(shaped.tcp));
  row(`UDP received, tbf ${SHAPER_MBPS} Mbit/s`, shaped.udp.observed, shaped.udp.iperf3, shapedCheck(shaped.udp));
  const free = await withVethPath(undefined, (p) => unshapedComparison(p, REPETITIONS));
  row(
    `TCP goodput, unshaped (best of ${free.tcp.harness.length})`,
    Math.max(...free.tcp.harness),
    Math.max(...free.tcp.iperf3),
    unshapedCheck(free.tcp),
  );
  row(
    `UDP received, unshaped, -b 0 (best of ${free.udp.harness.length})`,
    Math.max(...free.udp.harness),
    Math.max(...free.udp.iperf3),
    unshapedCheck(free.udp),
  );
  return shaped.tcp.agreement.ok && shaped.udp.agreement.ok && free.tcp.agreement.ok && free.udp.agreement.ok;
}
