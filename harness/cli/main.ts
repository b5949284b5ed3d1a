import { labCommand } from './commands/lab.ts';
import { mergeCommand } from './commands/merge.ts';
import { fuzzCommand } from './commands/fuzz.ts';
import { parseArgs } from 'node:util';
import { LabError } from '../lab/index.ts';
import { UsageError } from '../runner/errors.ts';
import { DecodeError } from '../protocol/common/decode-error.ts';
import { benchCommand } from './commands/bench.ts';
import { listCommand } from './commands/list.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { VERSION } from './version.ts';

/**
 * `v6harness <command>`. Exit codes (ARCHITECTURE.md): 0 every selected scenario passed; 1 at least
 * one did not; 2 the run could not be made. Errors of the user's making print one clear message,
 * never a stack trace.
 */
const USAGE = `v6harness ${VERSION} — IPv6 test harness for mobile and IoT network elements

Usage:
  v6harness run [--suite NAME|FILE] [--target FILE] [--grep TEXT] [--tag TAG] [--report-dir DIR]
                [--reporter list,json,junit,html,pb] [--repeat N] [--timeout S]
                [--reveal-identities] [--pcap-snaplen OCTETS] [--shard i/n]
                [--baseline FILE] [--save-baseline FILE] [--expect FILE]
  v6harness list [--suite NAME|FILE] [--coverage]
  v6harness report --from DIR/results.pb [--report-dir DIR] [--reporter junit,html,json]
  v6harness report --history DIR [--report-dir DIR]
  v6harness lab up|status|down [--target FILE] [--only pgw,sgw]
  v6harness merge DIR... [--report-dir DIR] [--reporter ...]
  v6harness bench [NAME...]
  v6harness fuzz [--minutes N] [--seed S] [--target FILE] [--report-dir DIR]

Defaults: suite mno, target targets/standins.yaml (in-process stand-ins), report dir reports/latest.
Exit codes: 0 all selected scenarios passed (with --expect FILE: each ended as the DUT's expected-results
file says, known deviations included), 1 some did not, 2 the run could not be made, 130 interrupted.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(parse(rest, RUN_OPTIONS).values);
      case 'list':
        return await listCommand(parse(rest, LIST_OPTIONS).values);
      case 'report':
        return await reportCommand(parse(rest, REPORT_OPTIONS).values);
      case 'bench':
        return await benchCommand(parse(rest, { ...BENCH_OPTIONS }, true).positionals);
      case 'lab': {
        const p = parse(rest, LAB_OPTIONS, true);
        return await labCommand(p.positionals[0], p.values);
      }
      case 'merge': {
        const p = parse(rest, MERGE_OPTIONS, true);
        return await mergeCommand(p.positionals, p.values);
      }
      case 'fuzz':
        return await fuzzCommand(parse(rest, FUZZ_OPTIONS).values);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof LabError || err instanceof DecodeError) {
      process.stderr.write(`v6harness: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

const RUN_OPTIONS = {
  suite: { type: 'string' },
  target: { type: 'string' },
  grep: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'report-dir': { type: 'string' },
  reporter: { type: 'string' },
  repeat: { type: 'string' },
  timeout: { type: 'string' },
  'reveal-identities': { type: 'boolean' },
  'pcap-snaplen': { type: 'string' },
  baseline: { type: 'string' },
  'save-baseline': { type: 'string' },
  shard: { type: 'string' },
  expect: { type: 'string' },
} as const;

const LIST_OPTIONS = {
  suite: { type: 'string' },
  coverage: { type: 'boolean' },
} as const;

const REPORT_OPTIONS = {
  from: { type: 'string' },
  history: { type: 'string' },
  'report-dir': { type: 'string' },
  reporter: { type: 'string' },
} as const;

const BENCH_OPTIONS = {} as const;

const LAB_OPTIONS = {
  target: { type: 'string' },
  only: { type: 'string' },
} as const;

const MERGE_OPTIONS = {
  'report-dir': { type: 'string' },
  reporter: { type: 'string' },
} as const;

const FUZZ_OPTIONS = {
  minutes: { type: 'string' },
  seed: { type: 'string' },
  target: { type: 'string' },
  'report-dir': { type: 'string' },
} as const;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

function parse<O extends OptionSpec>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  }
}
