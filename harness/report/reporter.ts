import type { RunResults, ScenarioResult } from './results.ts';

/**
 * A reporter sees the run as it happens (Playwright Test style: several at once). `end` gets the
 * whole results, also after Ctrl-C, so partial results are always written.
 */
export interface RunPlan {
  suite?: string;
  target: string;
  total: number;
  startedAt: Date;
  reportDir: string;
  version: string;
  /** "i/n" when the run is one segment of loads split over processes. */
  segment?: string;
}

export interface Reporter {
  readonly name: string;
  begin?(plan: RunPlan): void | Promise<void>;
  scenarioStarted?(id: string, index: number): void;
  scenarioEnded?(result: ScenarioResult, index: number): void | Promise<void>;
  end(results: RunResults, plan: RunPlan): void | Promise<void>;
}
