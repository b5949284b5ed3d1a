import { join, resolve } from 'node:path';
import { runFuzz } from '../../fuzz/campaign.ts';
import { UsageError } from '../../runner/errors.ts';
import { loadTarget } from '../../runner/target-file.ts';

export interface FuzzArgs {
  minutes?: string;
  seed?: string;
  target?: string;
  'report-dir'?: string;
}

/**
 * `fuzz [--minutes N] [--seed S] [--target FILE] [--report-dir DIR]`: mutated traffic at the
 * target's stand-ins and lab-run real elements; exit 1 with a pcap per finding, 0 when nothing broke.
 */
export async function fuzzCommand(args: FuzzArgs): Promise<number> {
  const minutes = args.minutes === undefined ? 1 : Number(args.minutes);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60)
    throw new UsageError(`--minutes must be a positive number of minutes, got "${args.minutes}"`);
  const seed = args.seed === undefined ? Date.now() & 0x7fffffff : Number(args.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, got "${args.seed}"`);
  const { target } = loadTarget(args.target);
  const reportDir = resolve(args['report-dir'] ?? join('reports', 'fuzz'));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const { sent, answered, rejected, findings } = await runFuzz({
    target,
    durationMs: minutes * 60_000,
    seed,
    reportDir,
    out,
  });
  const total = [...sent.values()].reduce((a, b) => a + b, 0);
  out(`fuzz: liveness probes answered: ${[...answered].map(([e, n]) => `${e} ${n}`).join(', ') || 'none'}`);
  out(
    `fuzz: ${total} mutated datagrams (${[...sent].map(([e, n]) => `${e} ${n}`).join(', ')}), ${rejected} rejected with a decode error, ${findings.length} finding(s)`,
  );
  return findings.length ? 1 : 0;
}
