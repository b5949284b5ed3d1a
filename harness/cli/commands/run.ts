import { join, relative, resolve } from 'node:path';
import { createLab } from '../../lab/index.ts';
import { withPeers } from '../../lab/inproc/inproc-lab.ts';
import { UsageError } from '../../runner/errors.ts';
import { execute } from '../../runner/execute.ts';
import { discoverScenarios } from '../../runner/registry.ts';
import { runExitCode } from '../../runner/exit-code.ts';
import { preflightGate } from '../../runner/preflight/gate.ts';
import { prepareReportDir, removePreviousArtifacts } from '../../runner/report-dir.ts';
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
  /** A skipped scenario fails the run (exit 1): for CI that must run everything it selects. */
  'strict-skips'?: boolean;
  /** Runs without probing the external elements first (an element that answers no probe on purpose). */
  'skip-preflight'?: boolean;
  expect?: string;
  'control-port'?: string;
  segment?: string;
}

export async function runCommand(args: RunArgs): Promise<number> {
  prepareReportDir(resolve(args['report-dir'] ?? join('reports', 'latest')));
  // Selected from the scenarios' metadata (scenario-index.ts): an unreachable element is found by
  // the pre-flight before every scenario module is imported (seconds of start-up).
  const { items, selected, reportDir, ...chosen } = await selectFromArgs(args, 'mno');
  const baseline = args.baseline ? loadBaseline(resolve(args.baseline)) : undefined;
  const expectations = args.expect ? loadExpectations(args.expect) : undefined;
  const { target, file: targetFile } = loadTarget(args.target);
  const timeoutS = positive(args.timeout, '--timeout');
  const repeat = positive(args.repeat, '--repeat');
  if (repeat !== undefined && !Number.isInteger(repeat)) throw new UsageError('--repeat must be a whole number');
  const snaplen = positive(args['pcap-snaplen'], '--pcap-snaplen');
  if (snaplen !== undefined && (!Number.isInteger(snaplen) || snaplen < 40))
    throw new UsageError('--pcap-snaplen must be a whole number of octets, at least 40 (an IPv6 header)');
  if (!args['skip-preflight'])
    // With the peers the lab would use (an AMF stand-in's external SMF is probed too).
    await preflightGate(
      target,
      withPeers([...new Set(selected.flatMap((s) => [...s.needs, ...s.uses]))], target),
      (l) => process.stdout.write(`${l}\n`),
    );
  // Now the modules themselves, in the selected order.
  const definitions = new Map((await discoverScenarios()).map((i) => [i.id, i]));
  const instances = selected.map((s) => definitions.get(s.id)!);
  const suite = applyParamOverrides(chosen.suite!, instances, args.param ?? []);
  removePreviousArtifacts(reportDir);
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

  // First Ctrl-C (or SIGTERM): stop the current scenario, skip the rest, write what we have. Second: leave now.
  // The signal is the interrupt's reason: results say "interrupted (SIGTERM)" when no person pressed Ctrl-C.
  const interrupt = new AbortController();
  const onSigint = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(exitCodeOf(signal));
    process.stderr.write(
      `\nv6harness: interrupted (${signal === 'SIGINT' ? 'Ctrl-C' : signal}); finishing the current scenario and writing partial results (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit now)\n`,
    );
    interrupt.abort(signal);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const results = await execute({
      instances,
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
    if (results.interrupted) return exitCodeOf(interrupt.signal.reason as NodeJS.Signals);
    const { code, reason } = runExitCode(results.scenarios, { strictSkips: args['strict-skips'] === true });
    if (reason) process.stderr.write(`v6harness: ${reason}\n`);
    return code;
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

/** 128 + the signal's number, as a shell reports a process the signal ended: 130 for Ctrl-C, 143 for SIGTERM. */
function exitCodeOf(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : 130;
}
