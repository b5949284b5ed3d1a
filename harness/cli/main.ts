import { LabError } from '../lab/types.ts';
import { UsageError } from '../runner/errors.ts';
import { DecodeError } from '../protocol/common/decode-error.ts';
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
  TARGET,
  commandHelp,
  mainHelp,
  parseCommand,
} from './command-line.ts';
import { VERSION } from './version.ts';

/**
 * `v6harness <command>`. Exit codes (ARCHITECTURE.md, harness/runner/exit-code.ts): 0 nothing
 * failed and at least one scenario passed; 1 a check failed or a scenario errored; 2 the run could
 * not be made. Errors of the user's making print one clear message, never a stack trace. Each
 * command's options and their help are in command-line.ts; a command's module is imported when it
 * runs (start-up: `list` never loads what `run` or `lab` need).
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      // Each command's arguments are parsed (and --help answered) before its module is imported.
      case 'run': {
        const { values } = parseCommand(RUN, rest);
        return await (await import('./commands/run.ts')).runCommand(values);
      }
      case 'list': {
        const { values } = parseCommand(LIST, rest);
        return await (await import('./commands/list.ts')).listCommand(values);
      }
      case 'report': {
        const { values } = parseCommand(REPORT, rest);
        return await (await import('./commands/report.ts')).reportCommand(values);
      }
      case 'bench': {
        const { positionals } = parseCommand(BENCH, rest);
        return await (await import('./commands/bench.ts')).benchCommand(positionals);
      }
      case 'lab': {
        const p = parseCommand(LAB, rest);
        return await (await import('./commands/lab.ts')).labCommand(p.positionals[0], p.values);
      }
      case 'target': {
        const p = parseCommand(TARGET, rest);
        return await (await import('./commands/target.ts')).targetCommand(p.positionals[0], p.values);
      }
      case 'merge': {
        const p = parseCommand(MERGE, rest);
        return await (await import('./commands/merge.ts')).mergeCommand(p.positionals, p.values);
      }
      case 'fuzz': {
        const { values } = parseCommand(FUZZ, rest);
        return await (await import('./commands/fuzz.ts')).fuzzCommand(values);
      }
      case 'help': {
        const spec = COMMANDS.find((c) => c.name === rest[0]);
        if (rest[0] && !spec) throw new UsageError(`unknown command "${rest[0]}"\n\n${mainHelp()}`);
        process.stdout.write(spec ? commandHelp(spec) : mainHelp());
        return 0;
      }
      case 'ctl': {
        const p = parseCommand(CTL, rest);
        return await (await import('./commands/ctl.ts')).ctlCommand(p.positionals, p.values);
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
