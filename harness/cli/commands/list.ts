import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../runner/paths.ts';
import { loadSuite } from '../../runner/suite.ts';
import { selectFromArgs, type SelectionArgs } from '../selection-args.ts';

export interface ListArgs extends SelectionArgs {
  coverage?: boolean;
  suites?: boolean;
  tags?: boolean;
}

/**
 * `list`: previews a selection — the scenarios `run` with the same options would take, in run
 * order; `--tags`: their tags; `--coverage`: every verification item with the selected scenarios
 * that cover it, and `uncovered` where none does; `--suites`: the suites there are.
 */
export async function listCommand(args: ListArgs): Promise<number> {
  const out: string[] = [];
  if (args.suites) {
    const dir = join(projectRoot, 'scenarios', 'suites');
    const names = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
    for (const n of names) {
      const { suite } = loadSuite(n);
      out.push(`${n.padEnd(14)} ${suite.description ?? suite.name}`);
    }
    out.push('', `${names.length} suite(s); run one with --suite NAME`);
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  }
  const { items, selected, suite } = await selectFromArgs(args);
  if (args.tags) {
    const count = new Map<string, number>();
    for (const s of selected) for (const t of s.tags) count.set(t, (count.get(t) ?? 0) + 1);
    for (const [t, n] of [...count].sort(([a], [b]) => a.localeCompare(b)))
      out.push(`${t.padEnd(20)} ${n} scenario(s)`);
    out.push('', `${count.size} tag(s) over ${selected.length} scenario(s)${of(suite?.name)}`);
  } else if (args.coverage) {
    let uncovered = 0;
    for (const item of items) {
      const ids = selected.filter((s) => s.covers.includes(item.id)).map((s) => s.id);
      if (ids.length === 0) uncovered++;
      out.push(`${item.id.padEnd(22)} ${ids.length ? `${ids.length} scenario(s)` : 'uncovered'}  — ${item.en}`);
      for (const id of ids) out.push(`    ${id}`);
    }
    out.push('', `${items.length - uncovered} of ${items.length} verification items covered, ${uncovered} uncovered`);
  } else {
    for (const s of selected) out.push(`${s.id.padEnd(48)} ${s.covers.join(',').padEnd(20)} ${s.title}`);
    out.push('', `${selected.length} scenario(s)${of(suite?.name)}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

function of(suite: string | undefined): string {
  return suite ? ` of suite ${suite}` : ' of all suites (run takes suite mno unless --suite says otherwise)';
}
