import { checkCovers, select } from '../../runner/registry.ts';
import { scenarioIndex } from '../../runner/scenario-index.ts';
import { loadSuite } from '../../runner/suite.ts';
import { loadVerificationList } from '../../runner/verification.ts';

/**
 * `list`: the scenarios (of a suite, or all); `--coverage`: every verification item with the
 * scenarios that cover it, and `uncovered` where none does.
 */
export async function listCommand(args: { suite?: string; coverage?: boolean }): Promise<number> {
  const items = loadVerificationList();
  const all = await scenarioIndex();
  checkCovers(all, items);
  const scenarios = args.suite ? select(all, loadSuite(args.suite).suite.scenarios, args.suite) : all;
  const out: string[] = [];
  if (args.coverage) {
    let uncovered = 0;
    for (const item of items) {
      const ids = scenarios.filter((s) => s.covers.includes(item.id)).map((s) => s.id);
      if (ids.length === 0) uncovered++;
      out.push(`${item.id.padEnd(22)} ${ids.length ? `${ids.length} scenario(s)` : 'uncovered'}  — ${item.en}`);
      for (const id of ids) out.push(`    ${id}`);
    }
    out.push('', `${items.length - uncovered} of ${items.length} verification items covered, ${uncovered} uncovered`);
  } else {
    for (const s of scenarios) out.push(`${s.id.padEnd(48)} ${s.covers.join(',').padEnd(20)} ${s.title}`);
    out.push('', `${scenarios.length} scenario(s)`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
