/**
 * A run that could not be made (ARCHITECTURE.md exit code 2): bad arguments, invalid YAML, unknown
 * suite or scenario, lab failed to start. The CLI prints `message` alone, without a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A configuration file failed validation; the message names the file, the line and the field. */
export class ConfigError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: { line?: number; field: string; message: string }[],
  ) {
    super(
      problems
        .map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.message}`)
        .join('\n'),
    );
  }
}

/**
 * Thrown by `ctx.skip`: the scenario cannot be run against this target (an element it cannot
 * read or drive); the result is `skipped` with the reason, and no check is judged.
 */
export class ScenarioSkip extends Error {
  override readonly name = 'ScenarioSkip';
}

/** Thrown by `ctx.expect` to end a scenario after a failed precondition. */
export class ScenarioAbort extends Error {
  override readonly name = 'ScenarioAbort';
}
