import { harnessTcp, harnessUdp, iperf3OnPath, type MeterWindow, type NamespacePath } from './path-meter.ts';
import { median } from './percentile.ts';
import { expectedGoodputMbps, tcpOverIpv6, udpOverIpv6, within, type Agreement } from './shaped-rate.ts';

/**
 * The accuracy checks of the harness's own throughput meters (the Performance issue):
 *  - shaped: on a path shaped by tbf, each meter reports what the shaper lets through
 *    (shaped-rate.ts) within 3 % (best of two runs, see shapedRuns);
 *  - unshaped: on the same path without a shaper, each meter is within 10 % of iperf3 measured
 *    right before or after it. That path is bound by CPU, not by the link: what it carries is
 *    what the two ends' CPUs get done, and on a shared machine other work takes CPU time in
 *    bursts (runs of one tool on one path differ by a factor of two). Each tool is therefore
 *    measured `repetitions` times, the two alternating, and the best run of each is compared:
 *    other work can only take throughput away, so the best run is the least disturbed (as one
 *    takes the minimum of repeated timings). The medians are reported beside it. When the best
 *    runs still disagree after `repetitions` rounds, both tools get more rounds (up to
 *    `maxRepetitions`): a burst of other work can spoil several runs of one tool in a row (a CI
 *    run saw the harness's UDP 11 % below iperf3 after five), and a meter that is really slower
 *    stays slower however many runs each tool gets.
 * All figures are payload Mbit/s at the receiver (goodput), the layer iperf3 reports.
 */
export const ACCURACY_WINDOW: MeterWindow = { warmupMs: 1000, durationMs: 2000 };
/** UDP payload octets: 1400 + 8 + 40 fits a 1500-octet MTU with room to spare. */
export const UDP_PAYLOAD = 1400;
export const SHAPED_TOLERANCE = 0.03;
export const UNSHAPED_TOLERANCE = 0.1;

export interface AccuracyPath extends NamespacePath {
  mtu: number;
  tcpTimestamps: boolean;
}

export interface ShapedFigure {
  /** The best of the runs (see shapedRuns). */
  observed: number;
  runs: number[];
  expected: number;
  agreement: Agreement;
  /** iperf3 on the same shaped path, when asked for (the bench shows it as the baseline). */
  iperf3?: number;
}

export interface ShapedRuns {
  tcp: number[];
  udp: number[];
  tcpIperf3?: number;
  udpIperf3?: number;
}

/**
 * TCP then UDP, `runs` times each, on a path whose shaper is already set. The shaper caps what a
 * meter can see; a run the machine's other work starved of CPU sees less (the shaper's queue ran
 * dry), never more, so the best run is the one judged (an over-report is caught all the same).
 */
export async function shapedRuns(
  path: AccuracyPath,
  shaperMbps: number,
  o: { runs?: number; withIperf3?: boolean } = {},
): Promise<ShapedRuns> {
  const w = ACCURACY_WINDOW;
  // Offered above the shaper's rate (payload alone is already more than it passes), so its queue never empties.
  const udpLoad = { payloadLength: UDP_PAYLOAD, offeredMbps: Math.ceil(shaperMbps * 1.2) };
  const r: ShapedRuns = { tcp: [], udp: [] };
  for (let i = 0; i < (o.runs ?? 2); i++) {
    r.tcp.push((await harnessTcp(path, w)).mbps);
    r.udp.push((await harnessUdp(path, { ...w, ...udpLoad })).mbps);
  }
  if (o.withIperf3) {
    r.tcpIperf3 = await iperf3OnPath(path, w);
    r.udpIperf3 = await iperf3OnPath(path, { ...w, udp: udpLoad });
  }
  return r;
}

/** The runs against the goodput a shaper at `nominalMbps` lets through (shaped-rate.ts), ±3 %. */
export function judgeShaped(
  r: ShapedRuns,
  nominalMbps: number,
  path: AccuracyPath,
): { tcp: ShapedFigure; udp: ShapedFigure } {
  const figure = (runs: number[], expected: number, iperf3?: number): ShapedFigure => {
    const observed = Math.max(...runs);
    return { observed, runs, expected, agreement: within(observed, expected, SHAPED_TOLERANCE), iperf3 };
  };
  return {
    tcp: figure(r.tcp, expectedGoodputMbps(nominalMbps, tcpOverIpv6(path.mtu, path.tcpTimestamps)), r.tcpIperf3),
    udp: figure(r.udp, expectedGoodputMbps(nominalMbps, udpOverIpv6(UDP_PAYLOAD)), r.udpIperf3),
  };
}

/** Unshaped, both tools' ends get the same CPUs (path-meter.ts). */
const PINNED = { pinned: true };

export interface Comparison {
  harness: number[];
  iperf3: number[];
  /** The harness's best run against iperf3's best run: the check. */
  agreement: Agreement;
  /** Median against median, for the report. */
  medians: Agreement;
}

/** TCP, then UDP as fast as possible (same payload size for both tools), harness and iperf3 alternating. */
export async function unshapedComparison(
  path: NamespacePath,
  repetitions = 5,
  maxRepetitions = 2 * repetitions,
): Promise<{ tcp: Comparison; udp: Comparison }> {
  const w = ACCURACY_WINDOW;
  const udpLoad = { payloadLength: UDP_PAYLOAD, offeredMbps: 0 };
  const tcp = { harness: [] as number[], iperf3: [] as number[] };
  const udp = { harness: [] as number[], iperf3: [] as number[] };
  const round = async (i: number, into: typeof tcp, ours: () => Promise<number>, theirs: () => Promise<number>) => {
    // Who goes first alternates, so a trend of the machine's load favours neither.
    if (i % 2 === 0) into.harness.push(await ours());
    into.iperf3.push(await theirs());
    if (i % 2 === 1) into.harness.push(await ours());
  };
  const tcpRound = (i: number) =>
    round(
      i,
      tcp,
      async () => (await harnessTcp(path, w, PINNED)).mbps,
      () => iperf3OnPath(path, w, PINNED),
    );
  const udpRound = (i: number) =>
    round(
      i,
      udp,
      async () => (await harnessUdp(path, { ...w, ...udpLoad }, PINNED)).mbps,
      () => iperf3OnPath(path, { ...w, udp: udpLoad }, PINNED),
    );
  for (let i = 0; i < repetitions; i++) {
    await tcpRound(i);
    await udpRound(i);
  }
  const compare = (c: typeof tcp): Comparison => ({
    ...c,
    agreement: within(Math.max(...c.harness), Math.max(...c.iperf3), UNSHAPED_TOLERANCE),
    medians: within(median(c.harness), median(c.iperf3), UNSHAPED_TOLERANCE),
  });
  for (let i = repetitions; i < maxRepetitions && !compare(tcp).agreement.ok; i++) await tcpRound(i);
  for (let i = repetitions; i < maxRepetitions && !compare(udp).agreement.ok; i++) await udpRound(i);
  return { tcp: compare(tcp), udp: compare(udp) };
}
