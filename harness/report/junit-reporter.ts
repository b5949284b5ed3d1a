import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { areaOf, isKnownDeviation, summarize, type CheckResult, type RunResults } from './results.ts';
import { brief } from './json-value.ts';
import type { Reporter, RunPlan } from './reporter.ts';

/** DIR/junit.xml: one testcase per scenario, classname = area (ARCHITECTURE.md). */
export class JunitReporter implements Reporter {
  readonly name = 'junit';

  end(results: RunResults, plan: RunPlan): void {
    mkdirSync(plan.reportDir, { recursive: true });
    writeFileSync(join(plan.reportDir, 'junit.xml'), renderJunit(results));
  }
}

export function renderJunit(results: RunResults): string {
  const s = summarize(results);
  // A known deviation of the DUT (run --expect) is not a failure of this run: JUnit shows it skipped, with its reason.
  const skipped = s.skipped + s.deviation;
  const total = results.scenarios.length;
  const time = (results.scenarios.reduce((a, r) => a + r.durationMs, 0) / 1000).toFixed(3);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="v6harness" tests="${total}" failures="${s.failed}" errors="${s.error}" skipped="${skipped}" time="${time}">`,
  );
  out.push(
    `  <testsuite name="${x(results.suite ?? 'v6harness')}" tests="${total}" failures="${s.failed}" errors="${s.error}" skipped="${skipped}" time="${time}" timestamp="${x(results.startedAt)}">`,
  );
  out.push(
    `    <properties><property name="target" value="${x(results.target)}"/><property name="version" value="${x(results.version)}"/></properties>`,
  );
  for (const r of results.scenarios) {
    out.push(
      `    <testcase classname="${x(areaOf(r.id))}" name="${x(r.id)}" time="${(r.durationMs / 1000).toFixed(3)}">`,
    );
    out.push(
      `      <properties><property name="title" value="${x(r.title)}"/><property name="covers" value="${x(r.covers.join(','))}"/>${r.element ? `<property name="element" value="${x(r.element)}"/>` : ''}</properties>`,
    );
    const failed = r.checks.filter((c) => !c.ok);
    if (isKnownDeviation(r) && r.expected) {
      out.push(
        `      <skipped message="${x(`known deviation (${r.status}): ${r.expected.reason} — ${r.expected.clause}`)}"/>`,
      );
    } else if (r.status === 'failed') {
      const first = failed.find((c) => c.level === 'MUST') ?? failed[0];
      out.push(
        `      <failure message="${x(first ? checkLine(first) : 'failed')}" type="${x(first?.level ?? 'MUST')}">${x(failed.map(checkBlock).join('\n\n'))}</failure>`,
      );
    } else if (r.status === 'error') {
      out.push(
        `      <error message="${x(r.error ?? 'error')}" type="error">${x([r.error ?? '', ...failed.map(checkBlock)].join('\n\n'))}</error>`,
      );
    } else if (r.status === 'skipped') {
      out.push(`      <skipped message="${x(r.error ?? 'skipped')}"/>`);
    }
    const system = [
      ...r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} [${c.level}] ${c.name}${c.clause ? ` (${c.clause})` : ''}`),
      ...r.metrics.map((m) => `metric ${m.name} = ${m.value} ${m.unit}`),
      ...(r.logs ?? []),
      ...r.artifacts.map((a) => `[[ATTACHMENT|${a}]]`),
    ];
    if (system.length) out.push(`      <system-out>${x(system.join('\n'))}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}

function checkLine(c: CheckResult): string {
  return `${c.name}: expected ${brief(c.expected)}, observed ${brief(c.observed)}${c.clause ? ` (${c.clause})` : ''}`;
}

function checkBlock(c: CheckResult): string {
  return [
    `[${c.level}] ${c.name}${c.clause ? ` — ${c.clause}` : ''}${c.element ? ` — element ${c.element}` : ''}`,
    `  expected: ${brief(c.expected, 2000)}`,
    `  observed: ${brief(c.observed, 2000)}`,
    ...(c.diff ?? []).map((d) => `  ${d}`),
  ].join('\n');
}

/** XML attribute/text escaping; drops characters XML 1.0 cannot carry. */
function x(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
