import { z } from 'zod';

/**
 * How session cycles are started, in k6's words (k6 docs, "Executors"):
 * - `constant-arrival-rate`: `rate` cycles per `timeUnit` for `duration`, whether or not earlier
 *   cycles have finished (open model);
 * - `ramping-arrival-rate`: from `startRate` the rate moves linearly to each stage's `target` over
 *   the stage's `duration` (open model);
 * - `per-ue-iterations`: `ues` UEs, each doing `iterations` cycles one after another (closed model).
 * In the open models an arrival that finds `maxInFlight` cycles still running is not started but
 * counted as dropped (k6's dropped_iterations). Durations are in milliseconds here; `parseDuration`
 * reads the "3s" / "500ms" / "1m" forms a suite file uses.
 */
const positiveMs = z.number().positive().finite();

const constantArrivalRate = z
  .object({
    executor: z.literal('constant-arrival-rate'),
    /** Cycles started per `timeUnitMs`. */
    rate: z.number().positive().finite(),
    timeUnitMs: positiveMs.default(1000),
    durationMs: positiveMs,
    maxInFlight: z.number().int().positive().default(1000),
  })
  .strict();

const stage = z.object({ target: z.number().min(0).finite(), durationMs: positiveMs }).strict();

const rampingArrivalRate = z
  .object({
    executor: z.literal('ramping-arrival-rate'),
    startRate: z.number().min(0).finite().default(0),
    timeUnitMs: positiveMs.default(1000),
    stages: z.array(stage).min(1, 'a ramping executor needs at least one stage'),
    maxInFlight: z.number().int().positive().default(1000),
  })
  .strict();

const perUeIterations = z
  .object({
    executor: z.literal('per-ue-iterations'),
    ues: z.number().int().positive(),
    iterations: z.number().int().positive(),
    /** The UEs stop starting new cycles after this long (k6's maxDuration). */
    maxDurationMs: positiveMs.default(60_000),
  })
  .strict();

export const executorSchema = z.discriminatedUnion('executor', [
  constantArrivalRate,
  rampingArrivalRate,
  perUeIterations,
]);
export type Executor = z.infer<typeof executorSchema>;
export type ExecutorInput = z.input<typeof executorSchema>;
export type ArrivalRateExecutor = Extract<Executor, { executor: 'constant-arrival-rate' | 'ramping-arrival-rate' }>;

/** "3s", "500ms", "1m", "1.5s" or a bare number of seconds → milliseconds. */
export function parseDuration(v: string | number): number {
  if (typeof v === 'number') return v * 1000;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(v);
  if (!m) throw new Error(`duration ${JSON.stringify(v)}: expected e.g. "3s", "500ms", "2m"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!;
  return Number(m[1]) * unit;
}

/** "300:1s, 600:2s, 0:1s" (target:duration, comma-separated) → stages. */
export function parseStages(v: string): { target: number; durationMs: number }[] {
  return v.split(',').map((part) => {
    const [target, duration] = part.split(':');
    if (duration === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(target))
      throw new Error(`stage ${JSON.stringify(part.trim())}: expected target:duration, e.g. "500:2s"`);
    return { target: Number(target), durationMs: parseDuration(duration) };
  });
}

/** How long the executor starts cycles for (the load window), in ms. */
export function loadWindowMs(e: Executor): number {
  switch (e.executor) {
    case 'constant-arrival-rate':
      return e.durationMs;
    case 'ramping-arrival-rate':
      return e.stages.reduce((s, x) => s + x.durationMs, 0);
    case 'per-ue-iterations':
      return e.maxDurationMs;
  }
}

/** Cycles the executor asks for in total (arrivals of an open model, UEs × iterations of a closed one). */
export function requestedCycles(e: Executor): number {
  switch (e.executor) {
    case 'constant-arrival-rate':
      return Math.ceil((e.durationMs / e.timeUnitMs) * e.rate - 1e-9);
    case 'ramping-arrival-rate': {
      let rate = e.startRate;
      let n = 0;
      for (const s of e.stages) {
        n += ((rate + s.target) / 2) * (s.durationMs / e.timeUnitMs);
        rate = s.target;
      }
      return Math.ceil(n - 1e-9);
    }
    case 'per-ue-iterations':
      return e.ues * e.iterations;
  }
}
