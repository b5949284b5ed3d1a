import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { RunResults, ScenarioResult } from './results.ts';
import type { Reporter, RunPlan } from './reporter.ts';
import { appendRecord, scenarioToPb } from './results-stream.ts';

/** Appends this run to DIR/results.pb while it happens (see results-stream.ts). */
export class ProtobufReporter implements Reporter {
  readonly name = 'protobuf';
  private readonly runId = randomUUID();
  private file = '';

  begin(plan: RunPlan): void {
    this.file = join(plan.reportDir, 'results.pb');
    appendRecord(this.file, {
      runId: this.runId,
      start: {
        tool: 'v6harness',
        version: plan.version,
        startedAt: plan.startedAt.toISOString(),
        target: plan.target,
        suite: plan.suite ?? '',
        segment: plan.segment ?? '',
      },
    });
  }

  scenarioEnded(result: ScenarioResult): void {
    appendRecord(this.file, { runId: this.runId, scenario: scenarioToPb(result) });
  }

  end(results: RunResults): void {
    appendRecord(this.file, { runId: this.runId, end: { interrupted: results.interrupted ?? false } });
  }
}
