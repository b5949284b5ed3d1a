import { execa } from 'execa';
import { harnessTcp, harnessUdp, iperf3OnPath, type MeterWindow, type NamespacePath } from './path-meter.ts';
import { median } from './percentile.ts';
import { expectedGoodputMbps, tcpOverIpv6, udpOverIpv6, within, type Agreement } from './shaped-rate.ts';

/**
 * The accuracy checks of the harness's own throughput meters (issue 21 item 9): accuracy is judged
 * only where the right answer is known.
 *  - Known rates: on a path shaped by tbf, each meter reports what the shaper lets through
 *    (shaped-rate.ts) within 3 %, at several rates: 100 Mbit/s and a quarter and a half of what
 *    the unshaped path carried in the same run (the rungs of the ladder, see ladderRates). iperf3 on
 *    the same shaped path, offered the same rate, is measured beside each meter and judged the
 *    same way; the harness's figure against iperf3's is the same-rate comparison.
 *  - Unshaped, the path is bound by CPU, not by the link: what it carries is how fast each tool's
 *    sender and receiver are (the batched UDP sender outruns iperf3's one send per datagram by 2×).
 *    That compares capability, not accuracy, so those figures are reported as ratios to iperf3
 *    with no target. They also calibrate the ladder: its rungs stay well below what this path
 *    carried a moment ago, whatever else the machine runs.
 * On a shared machine other work takes CPU time in bursts and can only take throughput away: a
 * starved run sees less than the shaper passes (its queue ran dry, or the receiver was not
 * scheduled before its socket buffer filled), never more. So the best run is judged, and a figure
 * that comes out low gets more runs (up to MAX_SHAPED_RUNS); a meter that really counts low stays
 * low however many runs it gets, and one that counts high is caught at once. The kernel says when
 * a UDP receiver was starved: it counts the datagrams it dropped because the receiving socket's
 * buffer was full (Udp6RcvbufErrors in the receiver's namespace, /proc/net/snmp6). A rung above
 * the anchor where every UDP run of a tool was starved and still came out low is reported as not
 * judged, naming the kernel's count: the machine, not the meter, lost those datagrams. The anchor
 * is always judged. All figures are payload Mbit/s at the receiver (goodput), the layer iperf3
 * reports.
 */
export const ACCURACY_WINDOW: MeterWindow = { warmupMs: 1000, durationMs: 2000 };
/** UDP payload octets: 1400 + 8 + 40 fits a 1500-octet MTU with room to spare. */
export const UDP_PAYLOAD = 1400;
export const SHAPED_TOLERANCE = 0.03;
/** Runs of one tool at one rung at most, while its best run is still below the known rate. */
export const MAX_SHAPED_RUNS = 4;
/** The fixed rung: the rate the README's figures are quoted at. */
export const ANCHOR_MBPS = 100;
/** Rungs as fractions of the unshaped path's capability measured in the same run. */
export const LADDER_FRACTIONS = [0.25, 0.5] as const;

export interface AccuracyPath extends NamespacePath {
  mtu: number;
  tcpTimestamps: boolean;
}

/** A path whose sender's egress can be shaped (lab/netns/veth-path.ts has this shape). */
export interface ShapeablePath extends AccuracyPath {
  shape(mbps: number | undefined): Promise<void>;
}

export interface ShapedFigure extends ToolFigure {
  expected: number;
  /** iperf3 on the same shaped path at the same offered rate, when measured. */
  iperf3?: ToolFigure;
}

export interface ToolFigure {
  /** The best of the runs. */
  observed: number;
  runs: number[];
  agreement: Agreement;
  /** Why a figure that missed was not judged (see rungOk); undefined when it was. */
  notJudged?: string;
}

export interface ShapedRuns {
  tcp: number[];
  udp: number[];
  tcpIperf3?: number[];
  udpIperf3?: number[];
  /** Per UDP run: datagrams the kernel dropped at the receiving socket (buffer full) meanwhile. */
  udpStarved: number[];
  udpIperf3Starved?: number[];
}

/**
 * Datagrams the kernel dropped in namespace `ns` because a receiving UDP/IPv6 socket's buffer was
 * full (RFC 4113's udpInErrors has it; Linux counts the buffer case alone as Udp6RcvbufErrors).
 * Undefined where it cannot be read.
 */
export async function receiveBufferDrops(ns: string): Promise<number | undefined> {
  const r = await execa('ip', ['netns', 'exec', ns, 'cat', '/proc/net/snmp6'], { reject: false });
  const m = /^Udp6RcvbufErrors\s+(\d+)$/m.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}

/** Runs `fn` and returns its result with the receive-buffer drops in `ns` meanwhile (0 when unknown). */
async function counting<T>(ns: string, fn: () => Promise<T>): Promise<[T, number]> {
  const before = await receiveBufferDrops(ns);
  const result = await fn();
  const after = await receiveBufferDrops(ns);
  return [result, before !== undefined && after !== undefined ? after - before : 0];
}

/** UDP is offered above the shaper's rate (payload alone is already more than it passes), so its queue never empties. */
const udpLoadFor = (shaperMbps: number) => ({ payloadLength: UDP_PAYLOAD, offeredMbps: Math.ceil(shaperMbps * 1.2) });

/** The goodput a shaper at `nominalMbps` lets through, per protocol, on this path. */
export function expectedOn(path: AccuracyPath, nominalMbps: number): { tcp: number; udp: number } {
  return {
    tcp: expectedGoodputMbps(nominalMbps, tcpOverIpv6(path.mtu, path.tcpTimestamps)),
    udp: expectedGoodputMbps(nominalMbps, udpOverIpv6(UDP_PAYLOAD)),
  };
}

/** Best run below the known rate by more than the tolerance: worth another run (load only takes away). */
const low = (runs: number[], expected: number) =>
  runs.length === 0 || Math.max(...runs) < expected * (1 - SHAPED_TOLERANCE);

/**
 * TCP then UDP on a path whose shaper is already set at `shaperMbps`: `runs` times each, then
 * more (up to `maxRuns`) for a tool whose best run is still low. With `withIperf3`, iperf3 the
 * same way after each harness run, offered the same rate.
 */
export async function shapedRuns(
  path: AccuracyPath,
  shaperMbps: number,
  o: { runs?: number; maxRuns?: number; withIperf3?: boolean } = {},
): Promise<ShapedRuns> {
  const w = ACCURACY_WINDOW;
  const udpLoad = udpLoadFor(shaperMbps);
  const expected = expectedOn(path, shaperMbps);
  const r: ShapedRuns = {
    tcp: [],
    udp: [],
    udpStarved: [],
    ...(o.withIperf3 ? { tcpIperf3: [], udpIperf3: [], udpIperf3Starved: [] } : {}),
  };
  const ns = path.receiverNs;
  const minRuns = o.runs ?? 2;
  const maxRuns = Math.max(minRuns, o.maxRuns ?? MAX_SHAPED_RUNS);
  for (let i = 0; i < maxRuns; i++) {
    const first = i < minRuns;
    if (first || low(r.tcp, expected.tcp)) r.tcp.push((await harnessTcp(path, w)).mbps);
    if (r.tcpIperf3 && (first || low(r.tcpIperf3, expected.tcp))) r.tcpIperf3.push(await iperf3OnPath(path, w));
    if (first || low(r.udp, expected.udp)) {
      const [m, drops] = await counting(ns, () => harnessUdp(path, { ...w, ...udpLoad }));
      r.udp.push(m.mbps);
      r.udpStarved.push(drops);
    }
    if (r.udpIperf3 && (first || low(r.udpIperf3, expected.udp))) {
      const [mbps, drops] = await counting(ns, () => iperf3OnPath(path, { ...w, udp: udpLoad }));
      r.udpIperf3.push(mbps);
      r.udpIperf3Starved?.push(drops);
    }
  }
  return r;
}

/**
 * The runs against the goodput a shaper at `nominalMbps` lets through (shaped-rate.ts), ±3 %.
 * With `anchor` false, a UDP figure that came out low although every one of its runs was starved
 * (the kernel dropped datagrams at the receiving socket) is marked not judged.
 */
export function judgeShaped(
  r: ShapedRuns,
  nominalMbps: number,
  path: AccuracyPath,
  o: { anchor?: boolean } = {},
): { tcp: ShapedFigure; udp: ShapedFigure } {
  const tool = (runs: number[], expected: number, starved?: number[]): ToolFigure => {
    const observed = Math.max(...runs);
    const agreement = within(observed, expected, SHAPED_TOLERANCE);
    const allStarved = starved !== undefined && starved.length > 0 && starved.every((d) => d > 0);
    const excused = o.anchor === false && !agreement.ok && agreement.deviation < 0 && allStarved;
    return {
      observed,
      runs,
      agreement,
      notJudged: excused
        ? `every run starved: the kernel dropped ${starved!.join('/')} datagrams at the receiving socket (buffer full, Udp6RcvbufErrors)`
        : undefined,
    };
  };
  const figure = (
    runs: number[],
    expected: number,
    starved?: number[],
    iperf3?: number[],
    iperf3Starved?: number[],
  ): ShapedFigure => ({
    ...tool(runs, expected, starved),
    expected,
    iperf3: iperf3 && iperf3.length > 0 ? tool(iperf3, expected, iperf3Starved) : undefined,
  });
  const expected = expectedOn(path, nominalMbps);
  return {
    tcp: figure(r.tcp, expected.tcp, undefined, r.tcpIperf3),
    udp: figure(r.udp, expected.udp, r.udpStarved, r.udpIperf3, r.udpIperf3Starved),
  };
}

/** Met, or (above the anchor only) not judged because the machine starved every run. */
export const figureOk = (f: ToolFigure) => f.agreement.ok || f.notJudged !== undefined;

export interface Rung {
  shaperMbps: number;
  tcp: ShapedFigure;
  udp: ShapedFigure;
  runs: ShapedRuns;
}

/**
 * Whether both of the harness's meters are within tolerance of the known rate. iperf3's own figure
 * at that rate is reported beside them, not judged: it is the reference, not the subject.
 */
export function rungOk(r: Rung): boolean {
  return figureOk(r.tcp) && figureOk(r.udp);
}

/**
 * The ladder's rates: ANCHOR_MBPS, and LADDER_FRACTIONS of `capabilityMbps` (the least that any
 * tool carried unshaped in the same run), rounded to 10 Mbit/s; a rung within 20 % of a lower one
 * is left out (on a machine so loaded that the path carries little, only the anchor remains).
 */
export function ladderRates(capabilityMbps: number): number[] {
  const rates = [ANCHOR_MBPS, ...LADDER_FRACTIONS.map((f) => Math.round((capabilityMbps * f) / 10) * 10)].sort(
    (a, b) => a - b,
  );
  const out: number[] = [];
  for (const r of rates) if (r >= 10 && (out.length === 0 || r > out[out.length - 1] * 1.2)) out.push(r);
  return out;
}

/** Each rate in turn on one path: the shaper set, both meters and iperf3 run and judged. */
export async function shapedLadder(path: ShapeablePath, rates: number[]): Promise<Rung[]> {
  const rungs: Rung[] = [];
  for (const shaperMbps of rates) {
    await path.shape(shaperMbps);
    const runs = await shapedRuns(path, shaperMbps, { runs: 1, withIperf3: true });
    rungs.push({ shaperMbps, runs, ...judgeShaped(runs, shaperMbps, path, { anchor: shaperMbps === ANCHOR_MBPS }) });
  }
  await path.shape(undefined);
  return rungs;
}

/** Unshaped, both tools' ends get the same CPUs (path-meter.ts). */
const PINNED = { pinned: true };

/** One protocol unshaped: each tool's runs and the harness's capability relative to iperf3's. */
export interface Comparison {
  harness: number[];
  iperf3: number[];
  /** Best run over best run: the capability ratio (no target: this is not accuracy). */
  ratio: number;
  /** Median over median, for the report. */
  medianRatio: number;
}

/**
 * TCP, then UDP as fast as each sender goes (same payload size, block size, socket buffers and CPU
 * placement for both tools), harness and iperf3 alternating so a trend of the machine's load
 * favours neither, `repetitions` runs each.
 */
export async function unshapedComparison(
  path: NamespacePath,
  repetitions = 3,
): Promise<{ tcp: Comparison; udp: Comparison }> {
  const w = ACCURACY_WINDOW;
  const udpLoad = { payloadLength: UDP_PAYLOAD, offeredMbps: 0 };
  const tcp = { harness: [] as number[], iperf3: [] as number[] };
  const udp = { harness: [] as number[], iperf3: [] as number[] };
  const round = async (i: number, into: typeof tcp, ours: () => Promise<number>, theirs: () => Promise<number>) => {
    if (i % 2 === 0) into.harness.push(await ours());
    into.iperf3.push(await theirs());
    if (i % 2 === 1) into.harness.push(await ours());
  };
  for (let i = 0; i < repetitions; i++) {
    await round(
      i,
      tcp,
      async () => (await harnessTcp(path, w, PINNED)).mbps,
      () => iperf3OnPath(path, w, PINNED),
    );
    await round(
      i,
      udp,
      async () => (await harnessUdp(path, { ...w, ...udpLoad }, PINNED)).mbps,
      () => iperf3OnPath(path, { ...w, udp: udpLoad }, PINNED),
    );
  }
  const compare = (c: typeof tcp): Comparison => ({
    ...c,
    ratio: Math.max(...c.harness) / Math.max(...c.iperf3),
    medianRatio: median(c.harness) / median(c.iperf3),
  });
  return { tcp: compare(tcp), udp: compare(udp) };
}

/** The least any tool carried unshaped (its best run): what the ladder's rungs are fractions of. */
export function capabilityMbps(c: { tcp: Comparison; udp: Comparison }): number {
  return Math.min(...[c.tcp, c.udp].flatMap((x) => [Math.max(...x.harness), Math.max(...x.iperf3)]));
}
