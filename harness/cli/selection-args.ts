import { join, resolve } from 'node:path';
import { UsageError } from '../runner/errors.ts';
import { previousFailures } from '../runner/last-failed.ts';
import { checkCovers } from '../runner/registry.ts';
import { scenarioIndex, type ScenarioInfo } from '../runner/scenario-index.ts';
import { selectScenarios } from '../runner/selection.ts';
import { loadSuite, type Suite } from '../runner/suite.ts';
import { loadVerificationList, type VerificationItem } from '../runner/verification.ts';

/** The selection options `run` and `list` share (command-line.ts, SELECTION). */
export interface SelectionArgs {
  suite?: string;
  grep?: string[];
  'grep-invert'?: string[];
  tag?: string[];
  'last-failed'?: boolean;
  shard?: string;
  'report-dir'?: string;
}

export interface Selected {
  items: VerificationItem[];
  /** The scenarios' metadata (scenario-index.ts); `run` imports the selected ones' modules afterwards. */
  all: ScenarioInfo[];
  /** Absent: no suite was named and the command takes every scenario (`list`). */
  suite?: Suite;
  suiteFile?: string;
  selected: ScenarioInfo[];
  reportDir: string;
}

/**
 * Loads the scenarios and the suite and applies the runner's selection (harness/runner/selection.ts).
 * `defaultSuite` is taken when neither --suite nor --last-failed names one; without it, every
 * scenario is the starting set.
 */
export async function selectFromArgs(args: SelectionArgs, defaultSuite?: string): Promise<Selected> {
  const items = loadVerificationList();
  const all = await scenarioIndex();
  checkCovers(all, items);
  const reportDir = resolve(args['report-dir'] ?? join('reports', 'latest'));
  const previous = args['last-failed'] ? previousFailures(reportDir) : undefined;
  const suiteName = args.suite ?? previous?.suite ?? defaultSuite;
  let loaded: { suite: Suite; file: string } | undefined;
  try {
    loaded = suiteName === undefined ? undefined : loadSuite(suiteName);
  } catch (e) {
    if (args.suite || !previous?.suite) throw e;
    throw new UsageError(
      `--last-failed: the previous run's suite "${previous.suite}" is not in scenarios/suites/; name its file with --suite`,
    );
  }
  const selected = selectScenarios(all, {
    ...(loaded ? { patterns: loaded.suite.scenarios, source: loaded.file, suite: loaded.suite.name } : {}),
    ...(previous ? { ids: previous.ids } : {}),
    tags: args.tag,
    grep: args.grep,
    grepInvert: args['grep-invert'],
    shard: args.shard,
  });
  return { items, all, suite: loaded?.suite, suiteFile: loaded?.file, selected, reportDir };
}
