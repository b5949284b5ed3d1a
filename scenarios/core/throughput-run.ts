import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ElementEndpoint } from '../../harness/lab/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { generateGtpu, GtpuSink, searchThroughput, type GtpuSinkReport } from '../../harness/traffic/index.ts';
import { echoHostCeiling } from './echo-host-ceiling.ts';
import type { UserPlaneLoad } from './user-plane-load.ts';

/** The search's parameters, as a suite file sets them (core/s5u-throughput, ran/s1u-throughput). */
export type ThroughputParams = {
  /** Inner IPv6 packet length (RFC 2544 §9 / RFC 5180 §5 frame sizes, without the GTP-U/UDP/IP outer headers). */
  innerLength: number;
  ues?: number;
  trialMs?: number;
  repetitions?: number;
  minPps?: number;
  maxPps?: number;
  lossTolerance?: number;
};

export const THROUGHPUT_DEFAULTS = {
  ues: 16,
  trialMs: 500,
  repetitions: 1,
  minPps: 1000,
  maxPps: 100_000,
  lossTolerance: 0,
} as const;

/** Where the search's G-PDUs enter and whom a failure names. */
export interface ThroughputPath {
  /** The element judged (the one the tunnels are set up with). */
  element: string;
  /** The elements between the harness and the echo, in words ("PGW", "SGW and PGW"). */
  through: string;
  /** The interface the G-PDUs enter on, as the report names it ("S5/S8-U", "S1-U"). */
  iface: string;
  /** The interface's name in metric names ("s5u", "s1u"). */
  metricIface: string;
}

/**
 * Whether the lab runs the internet hosts behind `el` as hosts of its own: only a docker lab does,
 * on a bridge of this machine, and only its elements have container controls or are real elements
 * it runs (an open5gs core); elsewhere the internet is inside the stand-in or beyond a DUT, and the
 * same documentation address may answer from some other lab.
 */
export function labRunsHosts(el: ElementEndpoint): boolean {
  return el.control !== undefined || el.kind === 'real';
}

/** GTP-U (8) + UDP (8) + IPv6 (40) around each inner packet over IPv6 (TS 29.281 §5.1). */
const OUTER = 8 + 8 + 40;
/**
 * RFC 2544 §23: after a trial, wait (two seconds there) for the packets still in flight before
 * counting. Here the wait ends as soon as every packet is back, or once none has arrived for
 * QUIET_MS (the rest are lost; nothing of this trial is left to arrive in the next), and at the
 * latest after the RFC's two seconds: a loaded machine that delays the echoes does not turn late
 * packets into loss, and a trial that lost none ends at once.
 */
const QUIET_MS = 300;
const DRAIN_MAX_MS = 2000;
const DRAIN_POLL_MS = 10;

async function drain(sink: GtpuSink, sent: number, signal: AbortSignal): Promise<void> {
  const start = performance.now();
  let last = -1;
  let lastChange = start;
  while (!signal.aborted) {
    const now = performance.now();
    const got = sink.report().received;
    if (got >= sent) return;
    if (got !== last) [last, lastChange] = [got, now];
    if (now - lastChange >= QUIET_MS || now - start >= DRAIN_MAX_MS) return;
    await sleep(DRAIN_POLL_MS, undefined, { signal }).catch(() => {});
  }
}

/**
 * Throughput of a user plane (RFC 2544 §26.1, with the search and the reporting of RFC 8219
 * §7.1): the highest rate of G-PDUs into `path.iface`, spread over one flow per UE, at which every
 * packet comes back — up the tunnels, out of SGi to the IPv6-only host's echo service (RFC 862),
 * down the tunnels to the socket that sent them (`load`). Latency (round trip, RFC 2544 §26.2) is
 * reported at the throughput rate. The echo host is the harness's, not the DUT's: where the harness
 * reaches it directly (`ownHosts`, labRunsHosts), its own
 * zero-loss rate is measured first (echo-host-ceiling.ts) and bounds the search, and a host that
 * cannot echo even the lowest rate fails the scenario naming the harness, never the element.
 */
export async function runThroughputSearch(
  ctx: ScenarioContext,
  load: UserPlaneLoad,
  params: ThroughputParams,
  path: ThroughputPath,
  ownHosts: boolean,
): Promise<void> {
  const p = { ...THROUGHPUT_DEFAULTS, ...params };
  const sink = new GtpuSink();
  load.receiver = (rx, meta, count) => sink.receiveBatch(rx, meta, count);
  let maxPps = Math.min(p.maxPps, load.ceilingPps ?? Infinity);
  const hosts = ctx.internet();
  const echo = !ownHosts
    ? ({ kind: 'unreachable', why: 'the lab does not run the internet hosts as hosts of its own' } as const)
    : await echoHostCeiling({
        host: hosts.ipv6Only,
        port: hosts.udpEchoPort,
        payloadLength: Math.max(4, p.innerLength - 48),
        trialMs: p.trialMs,
        ratePps: maxPps,
        signal: ctx.signal,
      });
  if (echo.kind === 'measured' && echo.atLeast) {
    // A lower bound only: it neither bounds the search nor judges the echo (the search's trials,
    // echoed in full or not, show the rest).
    ctx.log(
      `the internet host's echo alone (no ${path.through} in between) echoed all ${echo.sent} datagrams the harness could offer, ${echo.offeredPps.toFixed(0)} of ${maxPps} packets/s: its ceiling is at least that, unknown above`,
    );
    ctx.fact('echo host alone', `≥ ${echo.ceilingPps} packets/s (all the harness offered)`);
  } else if (echo.kind === 'measured') {
    ctx.log(
      `the internet host's echo alone (no ${path.through} in between), offered ${echo.offeredPps.toFixed(0)} packets/s: ${echo.received} of ${echo.sent} back, ceiling ${echo.ceilingPps} packets/s`,
    );
    ctx.fact('echo host alone', `${echo.ceilingPps} packets/s`);
    ctx.expect(`the internet host's echo alone carries ${Math.min(p.minPps, maxPps)} packets/s`, {
      expected: `≥ ${Math.min(p.minPps, maxPps)} packets/s`,
      observed: `${echo.ceilingPps} packets/s (${echo.received} of ${echo.sent} echoed straight to the harness, before the ${path.through})`,
      ok: echo.ceilingPps >= Math.min(p.minPps, maxPps),
      clause: 'RFC 862, RFC 2544 §26.1',
      element: 'harness',
    });
    maxPps = Math.min(maxPps, echo.ceilingPps);
  } else ctx.log(`the internet host's echo alone was not measured (${echo.why}): its ceiling is unknown`);
  const byRate = new Map<number, GtpuSinkReport>();
  let malformed = 0;
  let shortfalls = 0;
  const result = await searchThroughput({
    minPps: Math.min(p.minPps, maxPps),
    maxPps,
    lossTolerance: p.lossTolerance,
    repetitions: p.repetitions,
    signal: ctx.signal,
    trial: async (ratePps) => {
      sink.reset();
      const gen = await generateGtpu({
        socket: load.socket,
        to: load.to,
        flows: load.flows,
        innerLength: p.innerLength,
        ratePps,
        durationMs: p.trialMs,
        signal: ctx.signal,
      });
      await drain(sink, gen.sent, ctx.signal);
      const r = sink.report();
      byRate.set(ratePps, r);
      malformed += r.malformed;
      if (gen.pps < 0.95 * ratePps) shortfalls++;
      ctx.log(
        `trial ${ratePps} packets/s for ${p.trialMs} ms: offered ${gen.pps.toFixed(0)}/s, sent ${gen.sent}, back ${r.received}, lost ${gen.sent - r.received}, reordered ${r.reordered}, round trip p99 ${r.latencyMs.p99.toFixed(3)} ms`,
      );
      return { sent: gen.sent, received: r.received, offeredPps: gen.pps };
    },
  });
  // A search cut short by the scenario's timeout or Ctrl-C ends with trials that sent nothing:
  // that is no verdict on the element (the run reports the timeout instead).
  ctx.signal.throwIfAborted();
  const pps = result.throughputPps;
  if (echo.kind === 'measured' && !echo.atLeast && pps >= echo.ceilingPps)
    ctx.log(
      `${pps} packets/s is the echo host's own ceiling: the ${path.through} forwarded at least that, the lab's host allowed no more`,
    );
  ctx.check(`zero-loss throughput of ${p.innerLength}-octet inner IPv6 packets over ${load.flows.length} tunnels`, {
    expected: `≥ ${p.minPps} packets/s with loss ≤ ${p.lossTolerance * 100} %`,
    observed:
      pps > 0
        ? `${pps} packets/s (repetitions ${result.repetitions.join(', ')})`
        : `${((result.lossAtMinimum ?? 1) * 100).toFixed(1)} % lost even at ${p.minPps} packets/s`,
    ok: pps >= p.minPps,
    clause: 'RFC 2544 §26.1, RFC 8219 §7.1, TS 29.281 §5.1',
    element: path.element,
  });
  ctx.check(`every datagram back from the ${path.through} is a G-PDU carrying an echoed test packet`, {
    expected: 0,
    observed: malformed,
    clause: 'TS 29.281 §5.1, RFC 862',
    element: path.element,
  });
  const ifaceMbps = (pps * (p.innerLength + OUTER) * 8) / 1e6;
  ctx.metric('throughput', pps, 'packets/s');
  ctx.metric('throughput_inner', (pps * p.innerLength * 8) / 1e6, 'Mbit/s');
  ctx.metric(`throughput_${path.metricIface}`, ifaceMbps, 'Mbit/s');
  // After the throughput: the first metric is the scenario's key figure in the console line.
  // (a lower bound where the harness could not offer the search's maximum to the echo alone)
  if (echo.kind === 'measured') ctx.metric('echo_host_ceiling', echo.ceilingPps, 'packets/s');
  ctx.metric('throughput_repetition_min', result.spread.min, 'packets/s');
  ctx.metric('throughput_repetition_max', result.spread.max, 'packets/s');
  ctx.metric('trials', result.trials.length, 'trials');
  const at = byRate.get(pps);
  if (at && at.received > 0) {
    ctx.metric('round_trip_at_throughput_p50', at.latencyMs.p50, 'ms');
    ctx.metric('round_trip_at_throughput_p99', at.latencyMs.p99, 'ms');
  }
  // The harness and an in-process element share the CPU: a trial the generator could not offer
  // in full counts as a failed rate (the search then reports what harness and element reach together).
  if (shortfalls)
    ctx.log(
      `${shortfalls} trial(s) offered less than 95 % of the requested rate: the harness, not only the element, limited those`,
    );
  // The report's throughput matrix: the frame size and Mbit/s beside packets/s (RFC 2544 §26.1
  // reports throughput per frame size; RFC 8219 §7.1 in both units).
  ctx.fact('inner IPv6 packet', `${p.innerLength} octets`);
  ctx.fact(`on ${path.iface} (+ GTP-U/UDP/IPv6)`, `${p.innerLength + OUTER} octets`);
  ctx.fact('throughput', `${pps} packets/s`);
  ctx.fact('inner Mbit/s', ((pps * p.innerLength * 8) / 1e6).toFixed(1));
  ctx.fact(`${path.iface} Mbit/s`, ifaceMbps.toFixed(1));
}

/**
 * A throughput scenario whole: opens the load (`ues` tunnels, THROUGHPUT_DEFAULTS.ues unless the
 * suite says), runs the search judged on `path.element`, and closes the load whatever happened.
 */
export async function throughputScenario(
  ctx: ScenarioContext,
  params: ThroughputParams,
  open: (ues: number) => Promise<UserPlaneLoad>,
  path: ThroughputPath,
): Promise<void> {
  const load = await open(params.ues ?? THROUGHPUT_DEFAULTS.ues);
  try {
    await runThroughputSearch(ctx, load, params, path, labRunsHosts(ctx.element(path.element)));
  } finally {
    await load.close();
  }
}
