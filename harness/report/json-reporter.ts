import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from './results.ts';
import { toJson } from './json-value.ts';
import type { Reporter, RunPlan } from './reporter.ts';

/** DIR/results.json, the contract of ARCHITECTURE.md. */
export class JsonReporter implements Reporter {
  readonly name = 'json';

  end(results: RunResults, plan: RunPlan): void {
    mkdirSync(plan.reportDir, { recursive: true });
    writeFileSync(join(plan.reportDir, 'results.json'), `${toJson(results, 2)}\n`);
  }
}
