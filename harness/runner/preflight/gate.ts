import type { Target } from '../../lab/index.ts';
import { UsageError } from '../errors.ts';
import { formatVerdicts, preflight } from './preflight.ts';

/** The run could not be made: an external element did not answer its probe (exit 2, one line each). */
export class PreflightFailed extends UsageError {}

/**
 * Before a run: probes the external elements the selected scenarios need or use, prints a
 * verdict line for each, and stops the run (exit 2) when one does not answer.
 */
export async function preflightGate(
  target: Target,
  names: readonly string[],
  write: (line: string) => void,
): Promise<void> {
  const external = names.filter((n) => target.elements[n]?.kind === 'external');
  if (external.length === 0) return;
  const t0 = performance.now();
  const verdicts = await preflight(target, external);
  const lines = formatVerdicts(verdicts);
  const failed = verdicts.filter((v) => !v.ok);
  const took = ((performance.now() - t0) / 1000).toFixed(1);
  if (failed.length === 0) {
    write(`pre-flight: ${verdicts.length} external element(s) answer (${took} s)`);
    for (const l of lines) write(`  ${l}`);
    return;
  }
  throw new PreflightFailed(
    [
      `pre-flight: ${failed.length} of ${verdicts.length} external element(s) did not answer (${took} s); nothing was run`,
      ...lines.map((l) => `  ${l}`),
      '  (v6harness target check --target FILE probes them again; --skip-preflight runs anyway)',
    ].join('\n'),
  );
}
