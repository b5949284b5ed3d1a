import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createLab } from '../../lab/index.ts';
import { UsageError } from '../../runner/errors.ts';
import { execute } from '../../runner/execute.ts';
import { checkCovers, discoverScenarios, select } from '../../runner/registry.ts';
import { loadSuite } from '../../runner/suite.ts';
import { loadTarget } from '../../runner/target-file.ts';
import { baselineFromResults, loadBaseline, saveBaseline } from '../../runner/baseline.ts';
import { loadVerificationList } from '../../runner/verification.ts';
import { loadExpectations } from '../../runner/expected.ts';
import { createReporters, DEFAULT_REPORTERS } from '../reporters.ts';
import { VERSION } from '../version.ts';

export interface RunArgs {
  suite?: string;
  target?: string;
  grep?: string;
  tag?: string[];
  'report-dir'?: string;
  reporter?: string;
  repeat?: string;
  timeout?: string;
  'reveal-identities'?: boolean;
  baseline?: string;
  'save-baseline'?: string;
  shard?: string;
  'pcap-snaplen'?: string;
  expect?: string;
}

export async function runCommand(args: RunArgs): Promise<number> {
  const items = loadVerificationList();
  const all = await discoverScenarios();
  checkCovers(all, items);
  const { suite, file: suiteFile } = loadSuite(args.suite ?? 'mno');
  let selected = select(all, suite.scenarios, suiteFile);
  if (args.grep)
    selected = selected.filter(
      (s) => s.id.includes(args.grep!) || s.title.toLowerCase().includes(args.grep!.toLowerCase()),
    );
  if (args.tag?.length) selected = selected.filter((s) => args.tag!.some((t) => s.tags.includes(t)));
  if (selected.length === 0)
    throw new UsageError(
      `no scenario selected (suite ${suite.name}${args.grep ? `, --grep ${args.grep}` : ''}${args.tag ? `, --tag ${args.tag.join(',')}` : ''})`,
    );
  if (args.shard) selected = shardOf(selected, args.shard);
  const baseline = args.baseline ? loadBaseline(resolve(args.baseline)) : undefined;
  const expectations = args.expect ? loadExpectations(args.expect) : undefined;
  const { target, file: targetFile } = loadTarget(args.target);
  const timeoutS = positive(args.timeout, '--timeout');
  const repeat = positive(args.repeat, '--repeat');
  if (repeat !== undefined && !Number.isInteger(repeat)) throw new UsageError('--repeat must be a whole number');
  const snaplen = positive(args['pcap-snaplen'], '--pcap-snaplen');
  if (snaplen !== undefined && (!Number.isInteger(snaplen) || snaplen < 40))
    throw new UsageError('--pcap-snaplen must be a whole number of octets, at least 40 (an IPv6 header)');
  const reportDir = resolve(args['report-dir'] ?? join('reports', 'latest'));
  rmSync(join(reportDir, 'pcap'), { recursive: true, force: true });
  const reporters = createReporters(args.reporter ?? DEFAULT_REPORTERS, items);
  const lab = createLab(target);

  // First Ctrl-C: stop the current scenario, skip the rest, write what we have. Second: leave now.
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write(
      '\nv6harness: interrupted; finishing the current scenario and writing partial results (Ctrl-C again to quit now)\n',
    );
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const results = await execute({
      instances: selected,
      lab,
      suite,
      targetName: `${target.name} (${relative(process.cwd(), targetFile) || targetFile})`,
      version: VERSION,
      reportDir,
      reporters,
      timeoutS,
      repeat,
      interrupt: interrupt.signal,
      revealIdentities: args['reveal-identities'] === true,
      pcapSnaplen: snaplen,
      baseline,
      expectations,
    });
    if (args['save-baseline'])
      saveBaseline(
        resolve(args['save-baseline']),
        baselineFromResults(results, `${results.suite} on ${results.target} at ${results.startedAt}`),
      );
    if (results.interrupted) return 130;
    // ARCHITECTURE.md's contract: 0 only when every selected scenario passed. A skipped one (the
    // target lacks an element it needs) did not pass: what was not checked is not green. With
    // --expect, a scenario the file lists must end as it says instead (a known deviation of the
    // DUT), and any change either way is a failure.
    const ok = (s: (typeof results.scenarios)[number]) => (s.expected ? s.expected.met : s.status === 'passed');
    return results.scenarios.length > 0 && results.scenarios.every(ok) ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/**
 * `--shard i/n`: the i-th of n disjoint, stable slices of the selected scenarios (every n-th from
 * i), so n machines or Kubernetes Indexed Jobs run a suite together; `merge` joins their results.
 */
function shardOf<T>(selected: T[], spec: string): T[] {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, got "${spec}"`);
  const mine = selected.filter((_, k) => k % n === i - 1);
  if (mine.length === 0) throw new UsageError(`shard ${spec} has no scenario (${selected.length} selected)`);
  return mine;
}

function positive(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, got "${v}"`);
  return n;
}
