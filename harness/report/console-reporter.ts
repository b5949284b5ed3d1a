import { isKnownDeviation, summarize, type CheckResult, type RunResults, type ScenarioResult } from './results.ts';
import { brief } from './json-value.ts';
import type { Reporter, RunPlan } from './reporter.ts';
import { formatFigure, keyFigure, thresholdOutcomes, warningChecks, warningCount } from './figures.ts';

export interface ConsoleOptions {
  /** Only the end-of-run summary (when `list` is not among the chosen reporters). */
  summaryOnly?: boolean;
}

/**
 * The `list` reporter: a live progress line on a terminal (current scenario, done/total,
 * elapsed), one line per finished scenario with its key figure and the failed checks'
 * expected/observed, and a compact k6-like summary at the end: checks, warnings, scenarios, a ✓/✗
 * line per threshold, the failures and the warnings by name. Metrics of different scenarios are
 * never averaged together (64- and 1500-octet throughput are not one figure).
 */
export class ConsoleReporter implements Reporter {
  readonly name = 'list';
  private started = 0;
  private current = '';
  private done = 0;
  private total = 0;
  private ticker?: NodeJS.Timeout;
  private readonly live: boolean;
  private readonly summaryOnly: boolean;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
    opts: ConsoleOptions = {},
  ) {
    this.summaryOnly = opts.summaryOnly === true;
    this.live = Boolean(out.isTTY) && !process.env.CI && !this.summaryOnly;
  }

  begin(plan: RunPlan): void {
    this.started = Date.now();
    this.total = plan.total;
    this.out.write(
      `v6harness ${plan.version} · suite ${plan.suite ?? '-'} · target ${plan.target} · ${plan.total} scenario(s)\n\n`,
    );
    if (this.live) this.ticker = setInterval(() => this.progress(), 250).unref();
  }

  scenarioStarted(id: string): void {
    this.current = id;
    this.progress();
  }

  scenarioEnded(r: ScenarioResult): void {
    this.done++;
    if (this.summaryOnly) return;
    this.clear();
    this.out.write(scenarioLine(r));
    if (r.expected && isKnownDeviation(r))
      this.out.write(`    known deviation: ${r.expected.reason} (${r.expected.clause})\n`);
    else if (r.expected?.change) this.out.write(`    changed: ${r.expected.change}\n`);
    if (r.error) this.out.write(`    ${r.error}\n`);
    const warnings = new Set(warningChecks(r));
    for (const c of r.checks.filter((c) => !c.ok)) this.out.write(failedCheck(c, warnings.has(c)));
    this.progress();
  }

  end(results: RunResults, plan: RunPlan): void {
    if (this.ticker) clearInterval(this.ticker);
    this.clear();
    this.out.write(`${summaryLines(results, plan, this.started ? Date.now() - this.started : undefined).join('\n')}\n`);
  }

  private progress(): void {
    if (!this.live || !this.current) return;
    const elapsed = ((Date.now() - this.started) / 1000).toFixed(1);
    this.out.write(`\r\x1b[2K▶ [${this.done}/${this.total}] ${this.current}  ${elapsed}s`);
  }

  private clear(): void {
    if (this.live) this.out.write('\r\x1b[2K');
  }
}

/** `✓ core/s5u-throughput/innerlength-64  98.4 k pps  (1.2 s)` */
export function scenarioLine(r: ScenarioResult): string {
  const key = keyFigure(r);
  const notes = [
    duration(r.durationMs),
    ...(r.warnings ? [`${r.warnings} warning${r.warnings > 1 ? 's' : ''}`] : []),
    ...(r.element && r.status !== 'passed' ? [`element: ${r.element}`] : []),
  ];
  return `${mark(r)} ${r.id}${key ? `  ${formatFigure(key.value, key.unit)}` : ''}  (${notes.join(', ')})\n`;
}

/** The end-of-run summary, k6 style. `elapsedMs` absent: a re-rendered run, the scenarios' sum is shown. */
export function summaryLines(results: RunResults, plan: RunPlan, elapsedMs?: number): string[] {
  const s = summarize(results);
  const checks = results.scenarios.flatMap((r) => r.checks);
  const ok = checks.filter((c) => c.ok).length;
  const w = warningCount(results);
  const lines = [
    '',
    `  checks.........: ${checks.length ? ((ok / checks.length) * 100).toFixed(2) : '0.00'}%  ✓ ${ok}  ✗ ${checks.length - ok}`,
    `  warnings.......: ${w.warnings}${w.warnings ? ` SHOULD/MAY-level finding(s) in ${w.scenarios} scenario(s), listed below` : ''}`,
    `  scenarios......: ${s.passed} passed, ${s.failed} failed, ${s.error} error, ${s.skipped} skipped${s.deviation ? `, ${s.deviation} known deviation(s)` : ''}`,
  ];
  const thresholds = thresholdOutcomes(results);
  if (thresholds.length) {
    lines.push('  thresholds');
    for (const t of thresholds) {
      const head = `    ${t.ok ? '✓' : '✗'} ${t.metric} ${t.expression}${t.unit ? ` ${t.unit}` : ''}`;
      const one = (p: (typeof t.per)[number]) => `${p.scenario} ${formatFigure(p.value, t.unit)}`;
      if (t.per.length === 1) lines.push(`${head}: ${one(t.per[0])}`);
      else {
        lines.push(`${head}: ${t.per.filter((p) => p.ok).length} of ${t.per.length} scenarios within`);
        for (const p of t.per) lines.push(`        ${p.ok ? '✓' : '✗'} ${one(p)}`);
      }
    }
  }
  // --baseline: one ✓/✗ line per scenario and metric, each against its own stored value.
  const baseline = results.scenarios.flatMap((r) =>
    r.checks.filter((c) => c.name.startsWith('baseline ')).map((c) => ({ r, c })),
  );
  if (baseline.length) {
    lines.push(`  baseline (${baseline.filter((b) => b.c.ok).length} of ${baseline.length} within)`);
    for (const { r, c } of baseline) {
      const metric = c.name.slice('baseline '.length);
      const unit = r.metrics.find((m) => m.name === metric)?.unit ?? '';
      const value = typeof c.observed === 'number' ? formatFigure(c.observed, unit) : brief(c.observed, 40);
      lines.push(`    ${c.ok ? '✓' : '✗'} ${r.id} ${metric} ${value}, expected ${brief(c.expected, 100)}`);
    }
  }
  const elapsed = elapsedMs ?? results.scenarios.reduce((n, r) => n + r.durationMs, 0);
  lines.push(
    `  duration.......: ${(elapsed / 1000).toFixed(1)} s${elapsedMs === undefined ? ' (sum of the scenarios)' : ''}`,
    `  reports........: ${plan.reportDir}`,
    ...(results.interrupted ? ['  interrupted....: yes; partial results written'] : []),
  );
  const failed = results.scenarios.filter(
    (r) => (r.status === 'failed' || r.status === 'error') && !isKnownDeviation(r),
  );
  if (failed.length) {
    lines.push('', `  ${failed.length} did not pass:`);
    for (const r of failed) {
      const first = r.checks.find((c) => !c.ok && !warningChecks(r).includes(c));
      lines.push(
        `    ${mark(r)} ${r.id}${r.element ? `  element: ${r.element}` : ''}  ${first ? `${first.name}: expected ${brief(first.expected, 80)}, observed ${brief(first.observed, 80)}` : (r.error ?? '')}`,
      );
    }
  }
  const known = results.scenarios.filter(isKnownDeviation);
  if (known.length) {
    lines.push('', `  ${known.length} known deviation(s) of the DUT (run --expect):`);
    for (const r of known) lines.push(`    ≈ ${r.id}  ${r.expected?.reason} (${r.expected?.clause})`);
  }
  if (w.warnings) {
    lines.push('', `  ${w.warnings} warning(s) (the run does not fail on them unless the suite is strict):`);
    for (const r of results.scenarios)
      for (const c of warningChecks(r))
        lines.push(
          `    ⚠ ${r.id}  ${c.name}  [${c.level}]${c.clause ? `  ${c.clause}` : ''}: expected ${brief(c.expected, 80)}, observed ${brief(c.observed, 80)}`,
        );
  }
  lines.push('');
  return lines;
}

function duration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

function mark(r: ScenarioResult): string {
  if (isKnownDeviation(r)) return '≈';
  switch (r.status) {
    case 'passed':
      return r.warnings ? '✓ (warn)' : '✓';
    case 'failed':
      return '✗';
    case 'error':
      return '!';
    default:
      return '-';
  }
}

function failedCheck(c: CheckResult, warning: boolean): string {
  const lines = [
    `    ${warning ? '⚠' : '✗'} ${c.name}  [${c.level}]${c.clause ? `  ${c.clause}` : ''}${c.element ? `  element: ${c.element}` : ''}`,
    `        expected: ${brief(c.expected)}`,
    `        observed: ${brief(c.observed)}`,
    ...(c.diff ?? []).map((d) => `        ${d}`),
  ];
  return `${lines.join('\n')}\n`;
}
