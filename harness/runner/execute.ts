import { setMaxListeners } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ElementNotInTarget, LabError, type Lab, type LabSession } from '../lab/index.ts';
import { PcapRecorder } from '../net/pcap/index.ts';
import type { Reporter, RunPlan } from '../report/reporter.ts';
import { Recorder } from './context.ts';
import { ScenarioAbort, ScenarioSkip } from './errors.ts';
import { FixtureError, FixtureScope } from './fixture.ts';
import type { CheckResult, RunResults, ScenarioResult, Status } from '../report/results.ts';
import type { ScenarioInstance } from './scenario.ts';
import type { Suite } from './suite.ts';
import { evaluateThresholds } from './thresholds.ts';
import { createMasker, maskDeep, type Masker } from './identities.ts';
import { evaluateBaseline, type Baseline } from './baseline.ts';
import { applyExpectation, type Expectations } from './expected.ts';
import { runExitCode } from './exit-code.ts';

export interface ExecuteOptions {
  instances: ScenarioInstance[];
  lab: Lab;
  suite: Suite;
  targetName: string;
  version: string;
  reportDir: string;
  reporters: Reporter[];
  /** --timeout override, seconds. */
  timeoutS?: number;
  repeat?: number;
  /** Aborted by Ctrl-C: the current scenario ends, the rest are skipped, results are still written. */
  interrupt: AbortSignal;
  /** Show IMSI/MSISDN/IMEI as they are (default: masked, see identities.ts). */
  revealIdentities?: boolean;
  /** Octets kept of each packet in the pcaps (the rest of the payload is dropped). */
  pcapSnaplen?: number;
  /** Metrics are compared with this stored run (nightly regressions). */
  baseline?: Baseline;
  /** The DUT's known deviations (`--expect FILE`): each result is marked with its expectation. */
  expectations?: Expectations;
  /** "i/n": this run is one segment of loads split over processes (`run --segment`). */
  segment?: string;
  /**
   * The bound of a scenario's lab set-up, seconds (waiting for the host lock, starting its
   * elements' containers): not charged to the scenario's own timeout. Default
   * V6HARNESS_LAB_SETUP_S or 300.
   */
  labSetupS?: number;
}

const DEFAULT_TIMEOUT_S = 60;
const DEFAULT_LAB_SETUP_S = 300;

export async function execute(opts: ExecuteOptions): Promise<RunResults> {
  const startedAt = new Date();
  const plan: RunPlan = {
    suite: opts.suite.name,
    target: opts.targetName,
    total: opts.instances.length * (opts.repeat ?? 1),
    startedAt,
    reportDir: opts.reportDir,
    version: opts.version,
    ...(opts.segment ? { segment: opts.segment } : {}),
  };
  const mask = opts.revealIdentities ? undefined : createMasker();
  const results: RunResults = {
    tool: 'v6harness',
    version: opts.version,
    startedAt: startedAt.toISOString(),
    target: opts.targetName,
    suite: opts.suite.name,
    ...(opts.segment ? { segment: opts.segment } : {}),
    scenarios: [],
  };
  for (const r of opts.reporters) await r.begin?.(plan);
  let index = 0;
  for (let round = 1; round <= (opts.repeat ?? 1); round++) {
    for (const inst of opts.instances) {
      let result: ScenarioResult;
      if (opts.interrupt.aborted) {
        result = skipped(inst, `not run: the run was interrupted (${interruptedBy(opts.interrupt)})`);
      } else {
        for (const r of opts.reporters) r.scenarioStarted?.(inst.id, index);
        result = await runOne(inst, opts, mask);
      }
      if (mask) result = maskDeep(result, mask);
      if (opts.expectations) result = applyExpectation(result, opts.expectations, opts.suite.strict).result;
      results.scenarios.push(result);
      for (const r of opts.reporters) await r.scenarioEnded?.(result, index);
      index++;
    }
  }
  if (opts.interrupt.aborted) results.interrupted = true;
  // A failed run keeps the whole log of each element that outlived its scenarios (a real core).
  if (runExitCode(results.scenarios).code === 1 && opts.lab.saveLogs) {
    const files = await opts.lab.saveLogs(opts.reportDir, mask).catch(() => []);
    if (files.length > 0) results.artifacts = files.map((f) => relative(opts.reportDir, f));
  }
  await opts.lab.close();
  for (const r of opts.reporters) await r.end(results, plan);
  return results;
}

async function runOne(inst: ScenarioInstance, opts: ExecuteOptions, mask: Masker | undefined): Promise<ScenarioResult> {
  const started = performance.now();
  const timeoutS = opts.timeoutS ?? opts.suite.timeout ?? inst.timeout ?? DEFAULT_TIMEOUT_S;
  const controller = new AbortController();
  // Drivers with many requests in flight each listen for the abort (and stop listening when done).
  setMaxListeners(0, controller.signal);
  const onInterrupt = () => controller.abort(new Interrupted(interruptedBy(opts.interrupt)));
  opts.interrupt.addEventListener('abort', onInterrupt, { once: true });
  // The lab's set-up has its own bound; the scenario's timeout starts once its elements are up.
  const setupS = opts.labSetupS ?? (Number(process.env.V6HARNESS_LAB_SETUP_S) || DEFAULT_LAB_SETUP_S);
  const setupTimer = setTimeout(() => controller.abort(new LabSetupTimedOut(setupS)), setupS * 1000);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pcap = new PcapRecorder(opts.pcapSnaplen);
  const params = { ...inst.params, ...(opts.suite.params[inst.definition.id] ?? {}) };
  let session: LabSession | undefined;
  let ctx: Recorder<typeof params> | undefined;
  let status: Status = 'passed';
  let error: string | undefined;
  let element: string | undefined;
  let logFiles: string[] = [];
  let fixtures: FixtureScope | undefined;
  try {
    const opening = opts.lab.open(inst.needs, {
      uses: inst.uses,
      signal: controller.signal,
      recorder: pcap,
      fail: (e) => controller.abort(e),
    });
    session = await raceAbort(opening, controller.signal).catch((e: unknown) => {
      // Given up (set-up bound, Ctrl-C): what the lab still brings up is closed when it arrives.
      opening.then(
        (late) => late.close().catch(() => {}),
        () => {},
      );
      throw e;
    });
    clearTimeout(setupTimer);
    timer = setTimeout(() => controller.abort(new TimedOut(timeoutS)), timeoutS * 1000);
    ctx = new Recorder(inst.id, params, controller.signal, pcap, session.elements, session.internet, session.gateway);
    const scope = new FixtureScope(ctx.log.bind(ctx));
    fixtures = scope;
    const values = await raceAbort(scope.open(inst.definition.fixtures, ctx), controller.signal);
    await raceAbort(inst.definition.run(ctx, values), controller.signal);
  } catch (err) {
    if (err instanceof ScenarioAbort) {
      // A failed `expect`: the check is recorded; the status comes from the checks below.
    } else if (err instanceof ElementNotInTarget) {
      status = 'skipped';
      error = `not run: ${err.message} (the scenario needs ${inst.needs.join(', ')})`;
    } else if (err instanceof ScenarioSkip) {
      status = 'skipped';
      error = `not run: ${err.message}`;
    } else if (err instanceof FixtureError) {
      status = 'error';
      error = err.message;
      element = err.element ?? 'harness';
    } else if (err instanceof LabError) {
      status = 'error';
      error = `lab: ${err.message}`;
      element = err.element;
    } else if (err instanceof TimedOut || err instanceof Interrupted) {
      status = 'error';
      error = err.message;
    } else {
      status = 'error';
      error = `harness: ${err instanceof Error ? err.message : String(err)}`;
      element = 'harness';
    }
  } finally {
    clearTimeout(setupTimer);
    clearTimeout(timer);
    opts.interrupt.removeEventListener('abort', onInterrupt);
    controller.abort(new Error('scenario ended'));
    // The scenario's fixtures, last opened first, before the lab stops the elements they speak to.
    await fixtures?.close();
    // What the lab saw itself: the elements' captures, and their logs when the scenario failed.
    const failedSoFar = status !== 'passed' || (ctx?.checks.some((c) => !c.ok && c.level === 'MUST') ?? false);
    if (session?.collectArtifacts)
      logFiles = await session
        .collectArtifacts(opts.reportDir, inst.id.replaceAll('/', '_'), failedSoFar, mask)
        .catch(() => []);
    await session?.close().catch(() => {});
  }
  const checks: CheckResult[] = ctx?.checks ?? [];
  const metrics = ctx?.metrics ?? [];
  checks.push(...evaluateThresholds(metrics, opts.suite.thresholds));
  if (opts.baseline) checks.push(...evaluateBaseline(inst.id, metrics, opts.baseline));
  const failedMust = checks.filter((c) => !c.ok && (c.level === 'MUST' || opts.suite.strict));
  const warnings = checks.filter((c) => !c.ok && c.level !== 'MUST' && !opts.suite.strict).length;
  if (status === 'passed') {
    if (failedMust.length > 0) {
      status = 'failed';
      element = failedMust.find((c) => c.element)?.element;
    } else if (checks.length === 0) {
      // A scenario that asserts nothing cannot fail, which makes it a defect.
      status = 'error';
      error = 'the scenario recorded no checks';
      element = 'harness';
    }
  }
  // The scenario's own pcap first, then what the lab saved (elements' captures, logs).
  const artifacts: string[] = [];
  if (pcap.pcap.packets > 0) {
    const rel = join('pcap', `${inst.id.replaceAll('/', '_')}.pcap`);
    mkdirSync(join(opts.reportDir, 'pcap'), { recursive: true });
    writeFileSync(join(opts.reportDir, rel), pcap.pcap.toBuffer());
    artifacts.push(rel);
  }
  artifacts.push(...logFiles.map((f) => relative(opts.reportDir, f)));
  return {
    id: inst.id,
    title: inst.title,
    covers: inst.covers,
    status,
    warnings,
    durationMs: Math.round(performance.now() - started),
    checks,
    metrics,
    ...(element ? { element } : {}),
    artifacts,
    ...(error ? { error } : {}),
    ...(ctx?.logs.length ? { logs: ctx.logs } : {}),
    ...(ctx && Object.keys(ctx.facts).length ? { facts: ctx.facts } : {}),
    ...(ctx?.timeSeries.length ? { series: ctx.timeSeries } : {}),
    ...(ctx?.histograms.length ? { histograms: ctx.histograms } : {}),
    tags: inst.tags,
  };
}

function skipped(inst: ScenarioInstance, why: string): ScenarioResult {
  return {
    id: inst.id,
    title: inst.title,
    covers: inst.covers,
    status: 'skipped',
    warnings: 0,
    durationMs: 0,
    checks: [],
    metrics: [],
    artifacts: [],
    error: why,
    tags: inst.tags,
  };
}

class TimedOut extends Error {
  constructor(s: number) {
    super(`timed out after ${s} s`);
  }
}

/** The lab did not bring the scenario's elements up within its set-up bound. */
class LabSetupTimedOut extends LabError {
  constructor(s: number) {
    super(
      'lab',
      `the lab's set-up (waiting for the host lock, starting the elements) took longer than ${s} s (V6HARNESS_LAB_SETUP_S); the scenario did not start`,
    );
  }
}

class Interrupted extends Error {
  constructor(by: string) {
    super(`interrupted (${by})`);
  }
}

/**
 * What stopped the run: the interrupt's reason names a signal other than SIGINT when the CLI got
 * one (`SIGTERM`: a supervisor or a test's timeout, not a person), else Ctrl-C.
 */
function interruptedBy(interrupt: AbortSignal): string {
  const r: unknown = interrupt.reason;
  return typeof r === 'string' && r.startsWith('SIG') && r !== 'SIGINT' ? r : 'Ctrl-C';
}

/** Settles with the promise, or rejects with the signal's reason as soon as it is aborted. */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
