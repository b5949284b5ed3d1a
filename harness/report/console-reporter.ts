import { isKnownDeviation, summarize, type CheckResult, type RunResults, type ScenarioResult } from './results.ts';
import { brief } from './json-value.ts';
import type { Reporter, RunPlan } from './reporter.ts';

/**
 * The `list` reporter: a live progress line on a terminal (current scenario, done/total,
 * elapsed), one line per finished scenario with the failed checks' expected/observed, and a
 * compact k6-like summary at the end.
 */
export class ConsoleReporter implements Reporter {
  readonly name = 'list';
  private started = 0;
  private current = '';
  private done = 0;
  private total = 0;
  private ticker?: NodeJS.Timeout;
  private readonly live: boolean;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    this.live = Boolean(out.isTTY) && !process.env.CI;
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
    this.clear();
    this.out.write(
      `${mark(r)} ${r.id}  ${r.durationMs} ms${r.element && r.status !== 'passed' ? `  element: ${r.element}` : ''}\n`,
    );
    if (r.expected && isKnownDeviation(r))
      this.out.write(`    known deviation: ${r.expected.reason} (${r.expected.clause})\n`);
    else if (r.expected?.change) this.out.write(`    changed: ${r.expected.change}\n`);
    if (r.error) this.out.write(`    ${r.error}\n`);
    for (const c of r.checks.filter((c) => !c.ok)) this.out.write(failedCheck(c));
    this.progress();
  }

  end(results: RunResults, plan: RunPlan): void {
    if (this.ticker) clearInterval(this.ticker);
    this.clear();
    const s = summarize(results);
    const checks = results.scenarios.flatMap((r) => r.checks);
    const ok = checks.filter((c) => c.ok).length;
    const lines = [
      '',
      `  checks.........: ${checks.length ? ((ok / checks.length) * 100).toFixed(2) : '0.00'}%  ✓ ${ok}  ✗ ${checks.length - ok}`,
      `  scenarios......: ${s.passed} passed, ${s.failed} failed, ${s.error} error, ${s.skipped} skipped${s.deviation ? `, ${s.deviation} known deviation(s)` : ''}`,
      ...metricLines(results),
      `  duration.......: ${((Date.now() - this.started) / 1000).toFixed(1)} s`,
      `  reports........: ${plan.reportDir}`,
      ...(results.interrupted ? ['  interrupted....: yes (Ctrl-C); partial results written'] : []),
      '',
    ];
    this.out.write(`${lines.join('\n')}\n`);
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

function failedCheck(c: CheckResult): string {
  const lines = [
    `    ✗ ${c.name}  [${c.level}]${c.clause ? `  ${c.clause}` : ''}${c.element ? `  element: ${c.element}` : ''}`,
    `        expected: ${brief(c.expected)}`,
    `        observed: ${brief(c.observed)}`,
    ...(c.diff ?? []).map((d) => `        ${d}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Per metric name: min / avg / max over the scenarios that reported it. */
function metricLines(results: RunResults): string[] {
  const by = new Map<string, { unit: string; values: number[] }>();
  for (const r of results.scenarios) {
    for (const m of r.metrics) {
      const e = by.get(m.name) ?? { unit: m.unit, values: [] };
      e.values.push(m.value);
      by.set(m.name, e);
    }
  }
  return [...by].map(([name, { unit, values }]) => {
    const avg = values.reduce((a, b) => a + b, 0) / values.length;
    return `  ${`${name}`.padEnd(15, '.')}: avg=${fmt(avg)} min=${fmt(Math.min(...values))} max=${fmt(Math.max(...values))} ${unit}`;
  });
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3);
}
