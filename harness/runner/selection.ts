import { relative } from 'node:path';
import { UsageError } from './errors.ts';
import type { ScenarioInstance } from './scenario.ts';

/**
 * Which scenarios a run takes: the one selection the CLI (`run`, `list`) and the tests' helpers
 * share. Applied in this order, as in Playwright Test: the suite's patterns, the ids of a previous
 * run (`--last-failed`), `--tag`, `--grep`, `--grep-invert`, then `--shard`.
 */
export interface Selection {
  /**
   * A suite's `scenarios:` patterns, kept in their order: an instance id
   * (`core/s5u-throughput/innerlength-64`), a scenario id (all its instances: `core/s5u-throughput`)
   * or a prefix ending in `*` (`core/*`). Absent: every scenario.
   */
  patterns?: readonly string[];
  /** Where the patterns come from (a suite file), named in errors. */
  source?: string;
  /** The suite's name, for messages. */
  suite?: string;
  /** Only these instance ids (e.g. the previous run's failures); ids no longer defined are dropped. */
  ids?: readonly string[];
  /** At least one of these tags. */
  tags?: readonly string[];
  /** Regular expressions (case-insensitive); a scenario is kept when one matches its id or title. */
  grep?: readonly string[];
  /** Regular expressions (case-insensitive); a scenario is dropped when one matches its id or title. */
  grepInvert?: readonly string[];
  /** `i/n`: the i-th of n disjoint slices (every n-th scenario from the i-th). */
  shard?: string;
}

/**
 * What selection looks at: the scenarios' metadata, whole instances or their cached description
 * (scenario-index.ts, so that a run can pick and pre-flight before importing every module).
 */
export type Selectable = Pick<ScenarioInstance, 'id' | 'title' | 'tags'> & { definition: { id: string } };

/** The selected scenarios; a selection that keeps none is a usage error that says what was asked. */
export function selectScenarios<S extends Selectable>(all: readonly S[], sel: Selection): S[] {
  let out = sel.patterns ? select(all, sel.patterns, sel.source ?? 'selection') : [...all];
  if (sel.ids) {
    const wanted = new Set(sel.ids);
    out = out.filter((s) => wanted.has(s.id));
  }
  if (sel.tags?.length) out = out.filter((s) => sel.tags!.some((t) => s.tags.includes(t)));
  if (sel.grep?.length) {
    const res = sel.grep.map((g) => grepPattern(g, '--grep'));
    out = out.filter((s) => res.some((re) => matches(re, s)));
  }
  if (sel.grepInvert?.length) {
    const res = sel.grepInvert.map((g) => grepPattern(g, '--grep-invert'));
    out = out.filter((s) => !res.some((re) => matches(re, s)));
  }
  if (out.length === 0) throw new UsageError(`no scenario selected (${describeSelection(sel)})`);
  if (sel.shard) {
    const { index, total } = parseShard(sel.shard);
    const mine = out.filter((_, k) => k % total === index - 1);
    if (mine.length === 0) throw new UsageError(`shard ${sel.shard} has no scenario (${out.length} selected)`);
    out = mine;
  }
  return out;
}

/** Picks a suite's scenarios in suite order: exact ids (instance or scenario) or `prefix*`. */
export function select<S extends Selectable>(all: readonly S[], patterns: readonly string[], source: string): S[] {
  const out: S[] = [];
  for (const p of patterns) {
    const hits = p.endsWith('*')
      ? all.filter((s) => s.id.startsWith(p.slice(0, -1)))
      : all.filter((s) => s.id === p || s.definition.id === p);
    if (hits.length === 0)
      throw new UsageError(`${relative(process.cwd(), source) || source}: scenarios: unknown scenario "${p}"`);
    for (const h of hits) if (!out.includes(h)) out.push(h);
  }
  return out;
}

/**
 * A `--grep` value as a regular expression, case-insensitive as in Playwright Test: plain text
 * (`s5-echo`) matches where it occurs; `^core/`, `innerlength-(64|1500)$`, `dns64|nat64` work too.
 */
export function grepPattern(text: string, option = '--grep'): RegExp {
  try {
    return new RegExp(text, 'i');
  } catch (e) {
    throw new UsageError(`${option} ${JSON.stringify(text)} is not a regular expression: ${(e as Error).message}`);
  }
}

function matches(re: RegExp, s: Selectable): boolean {
  return re.test(s.id) || re.test(s.title);
}

export function parseShard(spec: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const index = m ? Number(m[1]) : Number.NaN;
  const total = m ? Number(m[2]) : Number.NaN;
  if (!m || total < 1 || index < 1 || index > total)
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, got "${spec}"`);
  return { index, total };
}

/** The selection in the words of the command line, for messages. */
export function describeSelection(sel: Selection): string {
  const parts: string[] = [];
  if (sel.suite) parts.push(`suite ${sel.suite}`);
  else if (sel.source) parts.push(`suite ${relative(process.cwd(), sel.source) || sel.source}`);
  else if (sel.patterns) parts.push(`scenarios ${sel.patterns.join(', ')}`);
  if (sel.ids) parts.push(`${sel.ids.length} id(s) of the previous run`);
  if (sel.tags?.length) parts.push(`--tag ${sel.tags.join(',')}`);
  for (const g of sel.grep ?? []) parts.push(`--grep ${g}`);
  for (const g of sel.grepInvert ?? []) parts.push(`--grep-invert ${g}`);
  return parts.join(', ') || 'every scenario';
}
