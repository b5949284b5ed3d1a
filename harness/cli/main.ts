import { labCommand } from './commands/lab.ts';
import { mergeCommand } from './commands/merge.ts';
import { fuzzCommand } from './commands/fuzz.ts';
import { ctlCommand } from './commands/ctl.ts';
import { LabError } from '../lab/index.ts';
import { UsageError } from '../runner/errors.ts';
import { DecodeError } from '../protocol/common/decode-error.ts';
import { benchCommand } from './commands/bench.ts';
import { listCommand } from './commands/list.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import {
  BENCH,
  COMMANDS,
  CTL,
  FUZZ,
  HelpShown,
  LAB,
  LIST,
  MERGE,
  REPORT,
  RUN,
  commandHelp,
  mainHelp,
  parseCommand,
} from './command-line.ts';
import { VERSION } from './version.ts';

/**
 * `v6harness <command>`. Exit codes (ARCHITECTURE.md): 0 every selected scenario passed; 1 at least
 * one did not; 2 the run could not be made. Errors of the user's making print one clear message,
 * never a stack trace. Each command's options and their help are in command-line.ts.
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(parseCommand(RUN, rest).values);
      case 'list':
        return await listCommand(parseCommand(LIST, rest).values);
      case 'report':
        return await reportCommand(parseCommand(REPORT, rest).values);
      case 'bench':
        return await benchCommand(parseCommand(BENCH, rest).positionals);
      case 'lab': {
        const p = parseCommand(LAB, rest);
        return await labCommand(p.positionals[0], p.values);
      }
      case 'merge': {
        const p = parseCommand(MERGE, rest);
        return await mergeCommand(p.positionals, p.values);
      }
      case 'fuzz':
        return await fuzzCommand(parseCommand(FUZZ, rest).values);
      case 'help': {
        const spec = COMMANDS.find((c) => c.name === rest[0]);
        if (rest[0] && !spec) throw new UsageError(`unknown command "${rest[0]}"\n\n${mainHelp()}`);
        process.stdout.write(spec ? commandHelp(spec) : mainHelp());
        return 0;
      }
      case 'ctl': {
        const p = parseCommand(CTL, rest);
        return await ctlCommand(p.positionals, p.values);
      }
      case undefined:
      case '--help':
      case '-h':
        process.stdout.write(mainHelp());
        return command === undefined ? 2 : 0;
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${mainHelp()}`);
    }
  } catch (err) {
    if (err instanceof HelpShown) return 0;
    if (err instanceof UsageError || err instanceof LabError || err instanceof DecodeError) {
      process.stderr.write(`v6harness: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
