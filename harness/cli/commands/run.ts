import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createLab } from '../../lab/index.ts';
import { UsageError } from '../../runner/errors.ts';
import { execute } from '../../runner/execute.ts';
import { loadTarget } from '../../runner/target-file.ts';
import { baselineFromResults, loadBaseline, saveBaseline } from '../../runner/baseline.ts';
import { applyParamOverrides } from '../../runner/param-overrides.ts';
import { createReporters, DEFAULT_REPORTERS, withSummary } from '../reporters.ts';
import { selectFromArgs, type SelectionArgs } from '../selection-args.ts';
import { loadExpectations } from '../../runner/expected.ts';
import { VERSION } from '../version.ts';
import { controlHub } from '../../traffic/control/hub.ts';
import { parseSegment, segmentLabel, setLoadSegment } from '../../traffic/session-load/segment.ts';

export interface RunArgs extends SelectionArgs {
  target?: string;
  param?: string[];
  reporter?: string;
  repeat?: string;
  timeout?: string;
  'reveal-identities'?: boolean;
  baseline?: string;
  'save-baseline'?: string;
  'pcap-snaplen'?: string;
  expect?: string;
  'control-port'?: string;
  segment?: string;
}

export async function runCommand(args: RunArgs): Promise<number> {
  const { items, selected, reportDir, ...chosen } = await selectFromArgs(args, 'mno');
  const suite = applyParamOverrides(chosen.suite!, selected, args.param ?? []);
  const baseline = args.baseline ? loadBaseline(resolve(args.baseline)) : undefined;
  const expectations = args.expect ? loadExpectations(args.expect) : undefined;
  const { target, file: targetFile } = loadTarget(args.target);
  const timeoutS = positive(args.timeout, '--timeout');
  const repeat = positive(args.repeat, '--repeat');
  if (repeat !== undefined && !Number.isInteger(repeat)) throw new UsageError('--repeat must be a whole number');
  const snaplen = positive(args['pcap-snaplen'], '--pcap-snaplen');
  if (snaplen !== undefined && (!Number.isInteger(snaplen) || snaplen < 40))
    throw new UsageError('--pcap-snaplen must be a whole number of octets, at least 40 (an IPv6 header)');
  rmSync(join(reportDir, 'pcap'), { recursive: true, force: true });
  const controlPort = args['control-port'] === undefined ? 0 : Number(args['control-port']);
  if (!Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65535)
    throw new UsageError(`--control-port must be a port number (0: the kernel picks), got "${args['control-port']}"`);
  let segment: string | undefined;
  if (args.segment) {
    try {
      const s = parseSegment(args.segment);
      setLoadSegment(s);
      segment = segmentLabel(s);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
  }
  controlHub.configure({ port: controlPort, reportDir });
  const reporters = withSummary(createReporters(args.reporter ?? DEFAULT_REPORTERS, items));
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
      ...(segment ? { segment } : {}),
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
    await controlHub.close();
  }
}

function positive(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, got "${v}"`);
  return n;
}
