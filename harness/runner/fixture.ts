import { ElementNotInTarget } from '../lab/index.ts';
import type { ScenarioContext } from './context.ts';
import { ScenarioSkip } from './errors.ts';

/**
 * A scenario fixture (Playwright Test style): something a scenario works with that must be opened
 * before `run` and closed after it, whatever the outcome — a driver's sockets, an eNodeB's S1-U.
 * A scenario declares them (`fixtures: { sgw: sgwOnS5 }`); the runner opens them in declaration
 * order before `run(ctx, fx)` and closes them in reverse order after it, on a pass, a failed check,
 * a thrown error, a timeout and Ctrl-C alike.
 */
export interface Fixture<T> {
  /** What it is, named in errors: `SGW on S5/S8`. */
  readonly title: string;
  /** The element it speaks to, if any (a fixture that fails to open is reported with it). */
  readonly element?: string;
  open(ctx: ScenarioContext): Promise<T>;
  close(value: T): Promise<void>;
}

/** A scenario's declared fixtures by the name `run` receives them under (methods are bivariant, so any Fixture<T> fits). */
export type FixtureSet = Record<string, Fixture<unknown>>;

/** The values `run` receives: one per declared fixture, typed from its declaration. */
export type FixtureValues<F extends FixtureSet> = { [K in keyof F]: F[K] extends Fixture<infer T> ? T : never };

export function fixture<T>(f: Fixture<T>): Fixture<T> {
  return f;
}

/** A fixture that could not be opened: the scenario errors naming it (and its element). */
export class FixtureError extends Error {
  override readonly name = 'FixtureError';
  constructor(
    readonly fixture: string,
    readonly element: string | undefined,
    cause: unknown,
  ) {
    super(`fixture "${fixture}" could not be opened: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** How long one fixture's close may take before the runner goes on without it (logged). */
const CLOSE_BOUND_MS = 5000;

/** The fixtures open for one scenario, closed in reverse order of opening. */
export class FixtureScope {
  private readonly opened: { key: string; fixture: Fixture<unknown>; value: unknown }[] = [];
  /** Set by close(): an open still under way when the scenario ended (timeout, Ctrl-C) is closed as it lands. */
  private ended = false;

  constructor(private readonly log: (line: string) => void) {}

  /**
   * Opens `set` in declaration order. When one fails, the ones already open are closed (reverse
   * order) and a FixtureError names the one that failed.
   */
  async open<F extends FixtureSet>(set: F | undefined, ctx: ScenarioContext): Promise<FixtureValues<F>> {
    const values: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(set ?? {})) {
      let value: unknown;
      try {
        value = await f.open(ctx);
      } catch (err) {
        await this.close();
        // A fixture may check the declarations it needs first: a missing one skips the scenario,
        // naming it, as a check in `run` would (nothing of the element is judged).
        if (err instanceof ScenarioSkip || err instanceof ElementNotInTarget) throw err;
        throw new FixtureError(`${key}: ${f.title}${f.element ? ` → ${f.element}` : ''}`, f.element, err);
      }
      this.opened.push({ key, fixture: f, value });
      if (this.ended) {
        await this.close();
        throw new FixtureError(key, f.element, new Error('the scenario ended while it was opening'));
      }
      values[key] = value;
    }
    return values as FixtureValues<F>;
  }

  /** Closes every open fixture, last opened first; a close that fails or hangs is logged, never thrown. */
  async close(): Promise<void> {
    this.ended = true;
    for (let o = this.opened.pop(); o; o = this.opened.pop()) {
      const { key, fixture: f, value } = o;
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<'hung'>((resolve) => {
        timer = setTimeout(() => resolve('hung'), CLOSE_BOUND_MS);
      });
      try {
        const r = await Promise.race([f.close(value).then(() => 'closed' as const), bound]);
        if (r === 'hung') this.log(`fixture "${key}" (${f.title}) did not close within ${CLOSE_BOUND_MS} ms`);
      } catch (err) {
        this.log(`fixture "${key}" (${f.title}) failed to close: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
