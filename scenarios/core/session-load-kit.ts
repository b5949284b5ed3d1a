import { z } from 'zod';
import type { ElementEndpoint } from '../../harness/lab/index.ts';
import type { SendLimit } from '../../harness/drivers/common/rate-limit.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { Params } from '../../harness/runner/scenario.ts';
import {
  elementOf,
  executorSchema,
  openCycles,
  parseDuration,
  parseStages,
  runSessionLoad,
  type CycleTarget,
  type Executor,
  type LoadReport,
  type PeerEndpoint,
} from '../../harness/traffic/session-load/index.ts';
import { rateAt } from '../../harness/traffic/session-load/live.ts';
import { loadSegment } from '../../harness/traffic/session-load/segment.ts';

/**
 * The common body of the session-load scenarios (issue "Performance"): the suite's flat
 * parameters become a k6-style executor, one cycle is first run in the scenario's own thread so
 * the pcap shows what the load sends, then the load runs over worker threads and is judged:
 * sessions/s achieved against requested, no failure of any cause, every UE's iterations done.
 *
 * Parameters (suite `params:`): executor (constant-arrival-rate | ramping-arrival-rate |
 * per-ue-iterations), rate (sessions per timeUnit; 200/s by default, less toward a real element
 * whose target declares a lower message ceiling), timeUnit, duration, startRate, stages
 * ("300:1s,600:2s"), ues, iterations, maxDuration, maxInFlight, threads, minRateRatio (default
 * 0.9), apn.
 */
const flat = z
  .object({
    executor: z
      .enum(['constant-arrival-rate', 'ramping-arrival-rate', 'per-ue-iterations'])
      .default('constant-arrival-rate'),
    /** Default: 200/s, or 80 % of what the target's message ceiling toward a real element carries. */
    rate: z.number().positive().optional(),
    timeUnit: z.union([z.string(), z.number()]).default('1s'),
    duration: z.union([z.string(), z.number()]).default('2s'),
    startRate: z.number().min(0).default(0),
    stages: z.string().default('200:1s,200:1s'),
    ues: z.number().int().positive().default(20),
    iterations: z.number().int().positive().default(10),
    maxDuration: z.union([z.string(), z.number()]).default('30s'),
    maxInFlight: z.number().int().positive().default(1000),
    threads: z.number().int().min(1).max(16).default(2),
    /** The fraction of the requested rate that must be achieved. */
    minRateRatio: z.number().gt(0).max(1).default(0.9),
    /** The APN of the load's sessions (each scenario has its default). */
    apn: z.string().optional(),
  })
  .strict();

const DEFAULT_RATE = 200;

/** The executor the params ask for; `ceiling`: the target's messages/s toward the element, if any. */
export function executorOf(
  p: Params,
  ceiling?: SendLimit,
): { executor: Executor; threads: number; minRateRatio: number; apn?: string } {
  const parsed = flat.safeParse(p);
  if (!parsed.success)
    throw new Error(
      `session-load params: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ')}`,
    );
  const f = parsed.data;
  // Each cycle is two requests: a real element behind a ceiling gets a gentle load unless the suite asks for more.
  const rate =
    f.rate ?? (ceiling ? Math.max(1, Math.min(DEFAULT_RATE, Math.floor((ceiling.perSecond / 2) * 0.8))) : DEFAULT_RATE);
  const common = { threads: f.threads, minRateRatio: f.minRateRatio, ...(f.apn !== undefined ? { apn: f.apn } : {}) };
  switch (f.executor) {
    case 'constant-arrival-rate':
      return {
        ...common,
        executor: executorSchema.parse({
          executor: f.executor,
          rate,
          timeUnitMs: parseDuration(f.timeUnit),
          durationMs: parseDuration(f.duration),
          maxInFlight: f.maxInFlight,
        }),
      };
    case 'ramping-arrival-rate':
      return {
        ...common,
        executor: executorSchema.parse({
          executor: f.executor,
          startRate: f.startRate,
          timeUnitMs: parseDuration(f.timeUnit),
          stages: parseStages(f.stages),
          maxInFlight: f.maxInFlight,
        }),
      };
    case 'per-ue-iterations':
      return {
        ...common,
        executor: executorSchema.parse({
          executor: f.executor,
          ues: f.ues,
          iterations: f.iterations,
          maxDurationMs: parseDuration(f.maxDuration),
        }),
      };
  }
}

/** The peer part of a lab endpoint, as plain data for the worker threads. */
export function peerOf(e: ElementEndpoint): PeerEndpoint {
  return {
    address: e.address,
    port: e.port,
    ...(e.userPlanePort !== undefined ? { userPlanePort: e.userPlanePort } : {}),
    ...(e.sendLimit ? { sendLimit: e.sendLimit } : {}),
  };
}

/** The spec clauses of each interface's setup and release procedures. */
const CLAUSES: Record<CycleTarget['interface'], string> = {
  s5: 'TS 29.274 §7.2.2, §7.2.10',
  s11: 'TS 29.274 §7.2.2, §7.2.10; TS 23.401 §5.3.2.1',
  gn: 'TS 29.060 §7.3.2, §7.3.6',
  sxb: 'TS 29.244 §7.5.3, §7.5.7',
  n4: 'TS 29.244 §7.5.3, §7.5.7; TS 23.502 §4.3.2.2.1, §4.3.4.2',
};

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export async function runLoadScenario(
  ctx: ScenarioContext,
  target: CycleTarget,
  endpoint: ElementEndpoint,
): Promise<LoadReport> {
  const { executor, threads, minRateRatio } = executorOf(ctx.params, endpoint.sendLimit);
  const element = elementOf(target);
  // Each cycle is two requests; a ceiling on messages toward a real element must let the rate through.
  const requestedRate = executor.executor === 'per-ue-iterations' ? undefined : (executorRequestedRate(executor) ?? 0);
  if (endpoint.sendLimit && requestedRate !== undefined) {
    ctx.expect(`the target's message ceiling toward ${element} carries the requested load`, {
      expected: `≥ ${round(requestedRate * 2)} messages/s (two per cycle)`,
      observed: `${endpoint.sendLimit.perSecond} messages/s (raise limits.messagesPerSecond in the target)`,
      ok: endpoint.sendLimit.perSecond >= requestedRate * 2,
    });
  }
  // One cycle on the scenario's own socket, recorded in the pcap: the load's messages, to inspect.
  const sample = await openCycles(target, { recorder: ctx.recorder }, ctx.signal);
  try {
    const r = await sample.cycle({ imsi: '001019900000000', index: 0xffffff }, ctx.signal);
    ctx.log(
      `sample cycle (in the pcap): ${r.kind === 'completed' ? `completed, setup ${round(r.setupMs, 2)} ms` : `${r.kind}: ${r.cause}`}`,
    );
  } finally {
    await sample.close();
  }
  const report = await runSessionLoad({
    executor,
    threads,
    target,
    signal: ctx.signal,
    scenario: ctx.id,
    onControl: (url) => ctx.log(`control endpoint ${url} (v6harness ctl rate|pause|resume, GET /metrics)`),
  });
  ctx.log(`session load: ${JSON.stringify({ ...report, histogram: undefined, setupsPerSecond: undefined })}`);
  const sum = { op: 'sum' } as const;
  // The achieved rate first: it is the scenario's key figure in the console and the reports.
  ctx.metric('session_rate_achieved', round(report.achievedRate), 'sessions/s', sum);
  if (report.requestedRate !== undefined)
    ctx.metric('session_rate_requested', round(report.requestedRate), 'sessions/s', sum);
  if (report.latency && report.histogram) {
    // The histogram stays with the result: `merge` recomputes percentiles of split loads from it.
    ctx.histogram('setup_latency', 'us', report.histogram);
    const p = (percentile: number) => ({ histogram: 'setup_latency', percentile });
    ctx.metric('setup_latency_p50', report.latency.p50, 'ms', p(50));
    ctx.metric('setup_latency_p95', report.latency.p95, 'ms', p(95));
    ctx.metric('setup_latency_p99', report.latency.p99, 'ms', p(99));
    ctx.metric('setup_latency_max', report.latency.max, 'ms', p(100));
  }
  ctx.metric('failures', report.failureCount, 'sessions', sum);
  ctx.metric('dropped', report.dropped, 'sessions', sum);
  if (report.setupsPerSecond.length > 0)
    ctx.series(
      'sessions set up per second',
      'sessions/s',
      report.setupsPerSecond.map((n, i): [number, number] => [i, n]),
    );
  if (report.rateChanges.length > 0 && executor.executor !== 'per-ue-iterations')
    ctx.series('requested rate (live changes)', 'sessions/s', [
      [0, (rateAt(executor, 0) * 1000) / loadSegment().of],
      ...report.rateChanges,
    ]);
  const p95 = report.latency ? `setup p95 ${report.latency.p95} ms` : 'no session set up';
  if (report.requestedRate !== undefined) {
    const need = report.requestedRate * minRateRatio;
    // An arrival started far behind its schedule means this machine, not the element, was short of time.
    const lagging = report.maxLagMs > 500;
    ctx.check(`sessions/s achieved ≥ ${Math.round(minRateRatio * 100)} % of requested`, {
      expected: `≥ ${round(need)} sessions/s (${Math.round(minRateRatio * 100)} % of ${round(report.requestedRate)} requested)`,
      observed: `${round(report.achievedRate)} sessions/s (${report.setups} of ${report.requestedCycles} set up; ${report.dropped} arrivals dropped with ${'maxInFlight' in executor ? executor.maxInFlight : '?'} in flight; ${p95}${lagging ? `; the harness started arrivals up to ${Math.round(report.maxLagMs)} ms late: give it more threads or cores` : ''})`,
      ok: report.achievedRate >= need,
      clause: `operator load profile (${executor.executor})`,
      element: lagging ? 'harness' : element,
    });
  } else {
    ctx.check('every UE completed its iterations', {
      expected: report.requestedCycles,
      observed: report.completed,
      clause: `operator load profile (per-ue-iterations)`,
      element,
    });
  }
  ctx.check(`no session setup or release failed at ${element}`, {
    expected: {},
    observed: report.failures,
    clause: CLAUSES[target.interface],
    element,
  });
  return report;
}

function executorRequestedRate(e: Executor): number | undefined {
  switch (e.executor) {
    case 'constant-arrival-rate':
      return (e.rate / e.timeUnitMs) * 1000;
    case 'ramping-arrival-rate':
      // The ceiling must carry the peak, not the average.
      return (Math.max(e.startRate, ...e.stages.map((s) => s.target)) / e.timeUnitMs) * 1000;
    case 'per-ue-iterations':
      return undefined;
  }
}
