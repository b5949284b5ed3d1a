/** Session load (issue "Performance"): k6-style executors driving attach/create/delete cycles. */
export {
  executorSchema,
  parseDuration,
  parseStages,
  loadWindowMs,
  requestedCycles,
  type Executor,
  type ExecutorInput,
} from './executor.ts';
export { arrivals, type Share } from './arrivals.ts';
export { realClock, type Clock } from './clock.ts';
export { dispatchArrivals, dispatchIterations, type DispatchResult } from './dispatch.ts';
export {
  openCycles,
  elementOf,
  type CycleDriver,
  type CycleTarget,
  type LoadInterface,
  type LoadUe,
  type PeerEndpoint,
} from './cycles/index.ts';
export { runSessionLoad, type LoadOptions } from './run-load.ts';
export type { LoadReport } from './report.ts';
export type { CycleResult } from './tally.ts';
